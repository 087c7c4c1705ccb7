// The session's plan: the newest `<MM-DD-HHMM>-plan[-<slug>].md` artifact the agent wrote in its folder
// (SPEC §4, artifactName in session-paths.ts), for `samocode show`, `status --json` and the plan gate.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { SamocodeError } from "../errors.ts";
import { isErrorCode, readTextOrNull } from "./json-file.ts";

const PLAN_FILE = /^\d{2}-\d{2}-\d{4}-plan(?:-[^/]*)?\.md$/;
/** A plan longer than this is shown cut, with the path to read the rest. */
const PLAN_TEXT_MAX = 64 * 1024;

/** The newest plan's path (the stamp sorts them within a year), or null when there is none yet. */
export async function newestPlanFile(sessionDir: string): Promise<string | null> {
  const names = await readdir(sessionDir).catch((error: unknown) => {
    if (isErrorCode(error, "ENOENT", "ENOTDIR")) return [] as string[];
    throw new SamocodeError("io", `cannot list ${sessionDir}`, { cause: error });
  });
  const newest = names
    .filter((name) => PLAN_FILE.test(name))
    .sort()
    .at(-1);
  return newest === undefined ? null : join(sessionDir, newest);
}

/** The plan's text, cut at PLAN_TEXT_MAX characters; null when the file went away. */
export async function readPlanText(path: string): Promise<{ text: string; cut: boolean } | null> {
  const text = await readTextOrNull(path);
  if (text === null) return null;
  return text.length <= PLAN_TEXT_MAX
    ? { text, cut: false }
    : { text: text.slice(0, PLAN_TEXT_MAX), cut: true };
}
