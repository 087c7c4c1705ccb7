// The public surface of @samocode/core: re-exports of every concern folder.
export * from "./atomic-write.ts";
export * from "./config/index.ts";
export * from "./errors.ts";
export * from "./exit-codes.ts";
export * from "./gates/index.ts";
export * from "./git/index.ts";
export * from "./install/index.ts";
export * from "./log/index.ts";
export * from "./loop/index.ts";
export * from "./phases/index.ts";
export * from "./prompt/index.ts";
export * from "./provider/index.ts";
export * from "./scripted/index.ts";
export * from "./session/index.ts";
export * from "./signals/index.ts";
export * from "./views/index.ts";
export * from "./zod-issues.ts";
