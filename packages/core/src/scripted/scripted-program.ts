// How to run the scripted provider: its entry file (spawned with `process.execPath`) and its own exit codes.
import { fileURLToPath } from "node:url";

export const SCRIPTED_MAIN: string = fileURLToPath(new URL("./main.ts", import.meta.url));

/** Besides a script's own `exit: N`: 2 = bad invocation or script (nothing played), 3 = a step failed. */
export const SCRIPTED_EXIT_CODES = { badScript: 2, stepFailed: 3 } as const;
