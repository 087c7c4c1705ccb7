// Reads `.samocode` (MAIN_REPO, WORKTREES, SESSIONS) into absolute, checked paths.
import { dirname } from "node:path";
import { configErrorLine, nearestKey } from "./config-error-line.ts";
import { readConfigText } from "./config-text.ts";
import { expandPath } from "./expand-path.ts";
import { entryKind } from "./find-project-file.ts";
import { type KeyValueEntry, parseKeyValueText } from "./key-value-file.ts";
import { RUNTIME_ENV_KEYS } from "./runtime-env-schema.ts";

export const PROJECT_KEYS = ["MAIN_REPO", "WORKTREES", "SESSIONS"] as const;
export type ProjectKey = (typeof PROJECT_KEYS)[number];

/** Absolute paths. MAIN_REPO exists; WORKTREES and SESSIONS are folders if they exist (created when first needed). */
export interface ProjectPaths {
  mainRepo: string;
  worktrees: string;
  sessions: string;
}

export type ProjectFileResult = { ok: true; paths: ProjectPaths } | { ok: false; errors: string[] };

const MEANING: Record<ProjectKey, string> = {
  MAIN_REPO: "the path of your main git checkout",
  WORKTREES: "the folder where session worktrees are created",
  SESSIONS: "the folder where session folders are kept",
};

export async function readProjectFile(file: string, home: string): Promise<ProjectFileResult> {
  const text = await readConfigText(file);
  if (!text.ok) return { ok: false, errors: [text.reason] };
  const parsed = parseKeyValueText(text.text, file);
  if (!parsed.ok) return parsed;
  const errors = parsed.entries.flatMap((entry) => unknownKeyError(entry, file));
  const resolved: Partial<Record<ProjectKey, string>> = {};
  for (const key of PROJECT_KEYS) {
    const entry = parsed.entries.find((candidate) => candidate.key === key);
    const source = entry === undefined ? file : `${file}:${entry.line}`;
    const problem = (expected: string) => configErrorLine({ key, value: entry?.value, source, expected });
    if (entry === undefined) {
      errors.push(problem(MEANING[key]));
      continue;
    }
    const expanded = expandPath(entry.value, dirname(file), home);
    if (!expanded.ok) {
      errors.push(problem(expanded.expected));
      continue;
    }
    const folderError = await checkFolder(key, expanded.path);
    if (folderError !== undefined) errors.push(problem(folderError));
    else resolved[key] = expanded.path;
  }
  const { MAIN_REPO: mainRepo, WORKTREES: worktrees, SESSIONS: sessions } = resolved;
  if (errors.length > 0 || mainRepo === undefined || worktrees === undefined || sessions === undefined) {
    return { ok: false, errors };
  }
  const overlap = overlapError({ mainRepo, worktrees, sessions }, parsed.entries, file);
  return overlap === undefined
    ? { ok: true, paths: { mainRepo, worktrees, sessions } }
    : { ok: false, errors: [overlap] };
}

/** Only existence is checked here: whether MAIN_REPO is a git checkout is the git adapter's question. */
async function checkFolder(key: ProjectKey, path: string): Promise<string | undefined> {
  const kind = await entryKind(path);
  if (kind === "directory") return undefined;
  if (kind === "missing" && key !== "MAIN_REPO") return undefined;
  const what = key === "MAIN_REPO" ? "an existing folder" : "a folder";
  if (kind === "missing") return `${what} (${MEANING[key]}); ${path} does not exist`;
  if (kind === "inaccessible") return `${what} (${MEANING[key]}); ${path} cannot be accessed`;
  return `${what} (${MEANING[key]}); ${path} is not a folder`;
}

function unknownKeyError(entry: KeyValueEntry, file: string): string[] {
  if ((PROJECT_KEYS as readonly string[]).includes(entry.key)) return [];
  const where = `${file}:${entry.line}`;
  if ((RUNTIME_ENV_KEYS as readonly string[]).includes(entry.key)) {
    return [
      `${entry.key} in ${where} is a runtime setting: expected it in the .env beside this file, or in the environment`,
    ];
  }
  const suggestion = nearestKey(entry.key, PROJECT_KEYS);
  const hint = suggestion === undefined ? "" : `did you mean ${suggestion}? `;
  return [`${entry.key} in ${where} is not a known key: ${hint}expected one of ${PROJECT_KEYS.join(", ")}`];
}

/** Worktrees or sessions in the main checkout's own folder would collide with it. */
function overlapError(
  paths: ProjectPaths,
  entries: readonly KeyValueEntry[],
  file: string,
): string | undefined {
  const clash = (key: ProjectKey, path: string, other: string, otherKey: ProjectKey) => {
    if (path !== other) return undefined;
    const entry = entries.find((candidate) => candidate.key === key);
    const source = entry === undefined ? file : `${file}:${entry.line}`;
    return configErrorLine({
      key,
      value: entry?.value,
      source,
      expected: `a folder other than ${otherKey} (${other})`,
    });
  };
  return (
    clash("WORKTREES", paths.worktrees, paths.mainRepo, "MAIN_REPO") ??
    clash("SESSIONS", paths.sessions, paths.mainRepo, "MAIN_REPO") ??
    clash("SESSIONS", paths.sessions, paths.worktrees, "WORKTREES")
  );
}
