// How to run the scripted provider: its entry file (spawned with `process.execPath`) and its own exit codes.
import { extname } from "node:path";
import { fileURLToPath } from "node:url";

/** The program beside this module: main.ts from the sources, main.js from the build (dist/). */
export const SCRIPTED_MAIN: string = fileURLToPath(
  new URL(`./main${extname(fileURLToPath(import.meta.url))}`, import.meta.url),
);

/** Besides a script's own `exit: N`: 2 = bad invocation or script (nothing played), 3 = a step failed. */
export const SCRIPTED_EXIT_CODES = { badScript: 2, stepFailed: 3 } as const;
