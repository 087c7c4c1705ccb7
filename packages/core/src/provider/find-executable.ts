// Whether a provider CLI is installed: its executable looked up on PATH (or at the path given) without
// running it, so "not installed" is known before anything is spawned.
import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { errnoCode } from "../io/fs-errors.ts";

/** The absolute path that would run, or undefined. A name with a `/` is a path (relative to `cwd`), as for a shell. */
export async function findExecutable(
  command: string,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Promise<string | undefined> {
  if (command.includes("/")) {
    const path = isAbsolute(command) ? command : resolve(cwd, command);
    return (await isExecutableFile(path)) ? path : undefined;
  }
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir === "") continue;
    const path = join(resolve(cwd, dir), command);
    if (await isExecutableFile(path)) return path;
  }
  return undefined;
}

async function isExecutableFile(path: string): Promise<boolean> {
  try {
    await access(path, constants.X_OK);
    return (await stat(path)).isFile();
  } catch (error) {
    // Missing, not executable or unreadable (ENOENT, EACCES, ENOTDIR, ELOOP…): all mean "not this one".
    if (errnoCode(error) !== undefined) return false;
    throw error;
  }
}
