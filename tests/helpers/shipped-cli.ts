// The `samocode` the tests run as a process: the built entry (vitest builds before every run) with the node
// flags its shebang gives it, exactly as `./samocode` and an installed CLI start it.
import { fileURLToPath } from "node:url";
import { WORKER_NODE_ARGS } from "@samocode/supervisor";

export const CLI_MAIN = fileURLToPath(new URL("../../apps/cli/dist/main.js", import.meta.url));

/** Node's arguments for one CLI run: the flags, the entry, then the command's own arguments. */
export function cliArgv(args: readonly string[]): string[] {
  return [...WORKER_NODE_ARGS, CLI_MAIN, ...args];
}
