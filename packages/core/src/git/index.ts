// Re-exports of the git adapter: the only caller of git in samocode.
export * from "./checkout-snapshot.ts";
export * from "./git-command.ts";
export * from "./merge.ts";
export * from "./ref-check.ts";
export * from "./repo-info.ts";
export * from "./worktree.ts";
