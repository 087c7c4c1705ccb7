// Finds the `.samocode` in use: `--config PATH` beats `SAMOCODE_CONFIG`, which beats walking up from the cwd.
import { stat } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { expandPath, homeFrom } from "./expand-path.ts";

export const PROJECT_FILE_NAME = ".samocode";

export const PROJECT_FILE_SOURCES = ["flag", "env", "search", "worktree"] as const;
/**
 * How the file was found: `--config`, `SAMOCODE_CONFIG`, the walk up from the cwd, or from the main
 * checkout of the session worktree the cwd is in (load-config.ts).
 */
export type ProjectFileSource = (typeof PROJECT_FILE_SOURCES)[number];

export type ConfigEnv = Readonly<Record<string, string | undefined>>;

export interface FindProjectFileOptions {
  configPath?: string | undefined;
  cwd: string;
  env: ConfigEnv;
}

export type FindProjectFileResult =
  | { ok: true; path: string; source: ProjectFileSource }
  | { ok: false; error: string };

export async function findProjectFile(options: FindProjectFileOptions): Promise<FindProjectFileResult> {
  const { configPath, cwd, env } = options;
  if (configPath !== undefined) return explicitFile(configPath, "--config", "flag", cwd, env);
  const fromEnv = env.SAMOCODE_CONFIG;
  if (fromEnv !== undefined && fromEnv !== "") {
    return explicitFile(fromEnv, "SAMOCODE_CONFIG (in the environment)", "env", cwd, env);
  }
  return searchUpwards(resolve(cwd));
}

/** An explicit path may name the file itself or the folder that holds it; relative means relative to the cwd. */
async function explicitFile(
  given: string,
  origin: string,
  source: ProjectFileSource,
  cwd: string,
  env: ConfigEnv,
): Promise<FindProjectFileResult> {
  const expected = `${origin} ${JSON.stringify(given)}: expected a ${PROJECT_FILE_NAME} file or a folder holding one`;
  const expanded = expandPath(given, cwd, homeFrom(env));
  if (!expanded.ok) return { ok: false, error: `${expected}; got an empty path` };
  const kind = await entryKind(expanded.path);
  if (kind === "file") return { ok: true, path: expanded.path, source };
  if (kind === "missing") return { ok: false, error: `${expected}; ${expanded.path} does not exist` };
  if (kind === "other") return { ok: false, error: `${expected}; ${expanded.path} is not a regular file` };
  if (kind === "inaccessible")
    return { ok: false, error: `${expected}; ${expanded.path} cannot be accessed` };
  const inside = join(expanded.path, PROJECT_FILE_NAME);
  if ((await entryKind(inside)) === "file") return { ok: true, path: inside, source };
  return { ok: false, error: `${expected}; the folder ${expanded.path} has no ${PROJECT_FILE_NAME}` };
}

async function searchUpwards(start: string): Promise<FindProjectFileResult> {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, PROJECT_FILE_NAME);
    if ((await entryKind(candidate)) === "file") return { ok: true, path: candidate, source: "search" };
    if (dirname(dir) === dir) break;
  }
  return {
    ok: false,
    error: `no ${PROJECT_FILE_NAME} in ${start} or any folder above it: run "samocode init" in your repo's root, or pass --config PATH`,
  };
}

export type EntryKind = "file" | "directory" | "other" | "missing" | "inaccessible";

/** Follows symlinks, so a linked `.samocode` works. */
export async function entryKind(path: string): Promise<EntryKind> {
  try {
    const info = await stat(path);
    if (info.isFile()) return "file";
    return info.isDirectory() ? "directory" : "other";
  } catch (error) {
    if (!isErrnoException(error)) throw error;
    return error.code === "ENOENT" || error.code === "ENOTDIR" ? "missing" : "inaccessible";
  }
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && "code" in error;
}
