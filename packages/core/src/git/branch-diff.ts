// `samocode diff`: a session's branch against its base, shown by git itself on the user's terminal — git
// pages it (core.pager, GIT_PAGER, PAGER, else less) and colours it when stdout is a terminal, and
// writes plain text to a pipe.
import { execa } from "execa";
import { refArgumentProblem } from "./ref-check.ts";

export type BranchDiffRequest = {
  repo: string;
  /** The ref the session's branch started from (the hook's baseRef). */
  base: string;
  branch: string;
  stat: boolean;
};

export type BranchDiffOutcome = { ok: true; exitCode: number } | { ok: false; reason: string };

/** `git diff base...branch`: what the branch changed since it left its base, whatever the base did since. */
export async function showBranchDiff(request: BranchDiffRequest): Promise<BranchDiffOutcome> {
  for (const ref of [request.base, request.branch]) {
    const problem = refArgumentProblem(ref);
    if (problem !== undefined) return { ok: false, reason: `${JSON.stringify(ref)} ${problem}` };
  }
  const args = ["diff", ...(request.stat ? ["--stat"] : []), "--end-of-options"];
  args.push(`${request.base}...${request.branch}`, "--");
  // The user's own env and terminal (not runGit's GIT_PAGER=cat): this is their diff to read.
  const result = await execa("git", args, { cwd: request.repo, stdio: "inherit", reject: false });
  if (result.failed && result.exitCode === undefined) {
    return { ok: false, reason: `\`git ${args.join(" ")}\` could not run: ${result.shortMessage}` };
  }
  return { ok: true, exitCode: result.exitCode ?? 1 };
}
