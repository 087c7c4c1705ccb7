// Where `samocode init` points MAIN_REPO, WORKTREES and SESSIONS: given paths checked, defaults beside the repo.
import { basename, dirname, join, resolve } from "node:path";
import { expandPath } from "./expand-path.ts";
import { entryKind } from "./find-project-file.ts";
import type { ProjectKey } from "./project-file.ts";

export interface InitPathOptions {
  cwd: string;
  /** As the user typed them: relative to `cwd`, `~` expanded. MAIN_REPO defaults to `cwd`. */
  mainRepo?: string | undefined;
  worktrees?: string | undefined;
  sessions?: string | undefined;
}

/** `given` is the user's text, undefined for a default; `path` is absolute. */
export type ChosenPath = { key: ProjectKey; given: string | undefined; path: string };

type Choice = { ok: true; chosen: ChosenPath } | { ok: false; error: string };

/** Defaults: `<parent>/<repo>-samocode/{worktrees,sessions}`, so nothing lands in the repo's tracked tree. */
export async function chooseInitPaths(options: InitPathOptions, home: string) {
  const main = await chooseMainRepo(options, home);
  if (!main.ok) return main;
  const name = basename(main.chosen.path);
  const beside = join(dirname(main.chosen.path), `${name}-samocode`);
  if (name === "" && (options.worktrees === undefined || options.sessions === undefined)) {
    return {
      ok: false as const,
      error: `cannot place default folders beside ${main.chosen.path}: pass --worktrees and --sessions`,
    };
  }
  const worktrees = await chooseFolder(options, home, "WORKTREES", join(beside, "worktrees"), [main.chosen]);
  if (!worktrees.ok) return worktrees;
  const sessions = await chooseFolder(options, home, "SESSIONS", join(beside, "sessions"), [
    main.chosen,
    worktrees.chosen,
  ]);
  if (!sessions.ok) return sessions;
  return { ok: true as const, paths: [main.chosen, worktrees.chosen, sessions.chosen] as const };
}

async function chooseMainRepo(options: InitPathOptions, home: string): Promise<Choice> {
  const given = options.mainRepo;
  if (given === undefined)
    return { ok: true, chosen: { key: "MAIN_REPO", given, path: resolve(options.cwd) } };
  const expanded = expandGiven("--main-repo", given, options.cwd, home);
  if (!expanded.ok) return expanded;
  if ((await entryKind(expanded.path)) !== "directory") {
    return {
      ok: false,
      error: `--main-repo ${JSON.stringify(given)}: expected an existing folder; ${expanded.path} is not one`,
    };
  }
  return { ok: true, chosen: { key: "MAIN_REPO", given, path: expanded.path } };
}

async function chooseFolder(
  options: InitPathOptions,
  home: string,
  key: "WORKTREES" | "SESSIONS",
  fallback: string,
  taken: readonly ChosenPath[],
): Promise<Choice> {
  const given = key === "WORKTREES" ? options.worktrees : options.sessions;
  if (given === undefined) return { ok: true, chosen: { key, given, path: fallback } };
  const flag = `--${key.toLowerCase()}`;
  const expanded = expandGiven(flag, given, options.cwd, home);
  if (!expanded.ok) return expanded;
  const shown = `${flag} ${JSON.stringify(given)}`;
  const clash = taken.find((other) => other.path === expanded.path);
  if (clash !== undefined)
    return { ok: false, error: `${shown}: expected a folder other than ${clash.key} (${clash.path})` };
  const kind = await entryKind(expanded.path);
  if (kind !== "missing" && kind !== "directory") {
    return { ok: false, error: `${shown}: expected a folder; ${expanded.path} is not one` };
  }
  return { ok: true, chosen: { key, given, path: expanded.path } };
}

function expandGiven(flag: string, given: string, cwd: string, home: string) {
  if (/[\r\n]/.test(given))
    return {
      ok: false as const,
      error: `${flag} ${JSON.stringify(given)}: expected a path without line breaks`,
    };
  const expanded = expandPath(given, cwd, home);
  return expanded.ok
    ? expanded
    : { ok: false as const, error: `${flag} ${JSON.stringify(given)}: expected ${expanded.expected}` };
}
