// How a path written in a config file becomes absolute: `~` is the home folder, relative is relative to the file.
import { homedir } from "node:os";
import { resolve } from "node:path";

export type ExpandPathResult = { ok: true; path: string } | { ok: false; expected: string };

/** The home folder `~` stands for: `HOME` from the env being loaded, so tests and sandboxes can move it. */
export function homeFrom(env: Readonly<Record<string, string | undefined>>): string {
  const home = env.HOME;
  return home !== undefined && home !== "" ? home : homedir();
}

export function expandPath(value: string, baseDir: string, home: string): ExpandPathResult {
  if (value === "") return { ok: false, expected: "a path" };
  if (value.includes("\0")) return { ok: false, expected: "a path without NUL characters" };
  if (value === "~") return { ok: true, path: resolve(home) };
  if (value.startsWith("~/")) return { ok: true, path: resolve(home, value.slice(2)) };
  if (value.startsWith("~")) {
    return { ok: false, expected: "a path; only ~ and ~/… are expanded (~user is not supported)" };
  }
  return { ok: true, path: resolve(baseDir, value) };
}
