// The folders samocode writes into inside a session folder (`_logs`, `_inbox`, `_inbox/delivered`,
// `workers`), opened one way by every writer: each step down from the session folder must be a real folder,
// made when missing — a symlink or a file in its place is refused with a one-line reason and the fix,
// never written through (issue 13: a symlinked `_logs` or `_inbox` carried logs and messages out of SESSIONS).
import { lstat, mkdir, readlink } from "node:fs/promises";
import { relative, sep } from "node:path";
import { SamocodeError } from "../errors.ts";
import { fileKind } from "../io/bounded-file.ts";
import { errnoCode, ioError, onlyFor } from "../io/fs-errors.ts";
import { sessionPaths } from "./session-paths.ts";

export const SESSION_FOLDERS = ["logs", "inbox", "inboxDelivered", "workers"] as const;
export type SessionFolder = (typeof SESSION_FOLDERS)[number];

/**
 * The folder's path, once it and every folder between it and the session folder are real folders (made when
 * missing). Throws an `io` SamocodeError whose message is the reason, naming the path and the fix.
 */
export async function openSessionFolder(sessionDir: string, which: SessionFolder): Promise<string> {
  for (const step of stepsTo(sessionDir, which)) {
    const problem = await folderProblem(step, true);
    if (problem !== undefined) throw new SamocodeError("io", problem);
  }
  return sessionPaths(sessionDir)[which];
}

/** Why one of the session's folders cannot be written into, without making anything; undefined when all can. */
export async function sessionFoldersProblem(sessionDir: string): Promise<string | undefined> {
  for (const which of SESSION_FOLDERS) {
    for (const step of stepsTo(sessionDir, which)) {
      const problem = await folderProblem(step, false);
      if (problem !== undefined) return problem;
    }
  }
  return undefined;
}

/** The folders from the session folder down to `which`, outermost first. */
function stepsTo(sessionDir: string, which: SessionFolder): string[] {
  const paths = sessionPaths(sessionDir);
  const target = paths[which];
  const parts = relative(sessionDir, target).split(sep);
  return parts.map((_, index) => [sessionDir, ...parts.slice(0, index + 1)].join(sep));
}

async function folderProblem(path: string, create: boolean): Promise<string | undefined> {
  for (let round = 0; round < 3; round++) {
    let info: Awaited<ReturnType<typeof lstat>>;
    try {
      info = await lstat(path);
    } catch (error) {
      if (errnoCode(error) !== "ENOENT") return ioError(`cannot look at ${path}`, error).message;
      if (!create) return undefined;
      try {
        await mkdir(path);
        return undefined;
      } catch (made) {
        // Someone made it meanwhile: look again at what it is.
        if (errnoCode(made) === "EEXIST") continue;
        return ioError(`cannot create the folder ${path}`, made).message;
      }
    }
    if (info.isDirectory()) return undefined;
    if (info.isSymbolicLink()) {
      const target = await readlink(path).catch(
        onlyFor(["ENOENT", "EINVAL", "EACCES"], "?", `cannot read the link ${path}`),
      );
      return `${path} is a symlink (to ${target}); samocode writes only inside the session folder: remove the link (rm ${path}) and it is made again as a folder`;
    }
    return `${path} is ${fileKind(info)}, not a folder; move it away (mv ${path} ${path}.bak) and it is made again as a folder`;
  }
  return `${path} keeps changing while samocode makes it; make sure nothing else creates or removes it`;
}
