// `samocode init`: writes a `.samocode` whose default worktrees and sessions sit beside the repo, outside its tracked tree.
import { mkdir } from "node:fs/promises";
import { basename, dirname, isAbsolute, join, relative, resolve } from "node:path";
import { writeFileAtomically } from "../atomic-write.ts";
import { expandPath, homeFrom } from "./expand-path.ts";
import { type ConfigEnv, entryKind, PROJECT_FILE_NAME } from "./find-project-file.ts";
import { type ExcludeResult, excludeFromRepo } from "./info-exclude-file.ts";
import { chooseInitPaths, type InitPathOptions } from "./init-paths.ts";
import { parseKeyValueText } from "./key-value-file.ts";
import { ENV_FILE_NAME } from "./load-config.ts";
import type { ProjectKey } from "./project-file.ts";

export interface InitProjectOptions extends InitPathOptions {
  env: ConfigEnv;
  /** `--config`: the file to write, or a folder to write `.samocode` into; default `<cwd>/.samocode`. */
  target?: string | undefined;
  force: boolean;
}

export interface InitProjectReport {
  file: string;
  /** Each key as written (relative to the file's folder unless given absolute or with `~`) and what it means. */
  entries: { key: ProjectKey; written: string; path: string }[];
  createdFolders: string[];
  exclude: ExcludeResult;
  /** Things worth a look that did not stop init, e.g. MAIN_REPO not being a checkout's top level. */
  notes: string[];
}

export type InitProjectResult = { ok: true; report: InitProjectReport } | { ok: false; error: string };

export async function initProjectFile(options: InitProjectOptions): Promise<InitProjectResult> {
  const home = homeFrom(options.env);
  const target = await targetFile(options, home);
  if (!target.ok) return target;
  const { file } = target;
  const chosen = await chooseInitPaths(options, home);
  if (!chosen.ok) return chosen;
  const [mainRepo, worktrees, sessions] = chosen.paths;
  const checkout = await checkoutOf(mainRepo.path);
  if (checkout.kind === "none") {
    return {
      ok: false,
      error: `${mainRepo.path} is not in a git repository: run samocode init in your repo's root (git init and commit there first for a new project), or pass --main-repo PATH`,
    };
  }
  const entries = chosen.paths.map(({ key, given, path }) => ({
    key,
    path,
    written: writtenValue(given, path, file),
  }));
  const text = `${HEADER}${entries.map(({ key, written }) => `${key}=${quoteIfNeeded(written)}`).join("\n")}\n`;
  const unreadable = readBackError(text, file, entries);
  if (unreadable !== undefined) return { ok: false, error: unreadable };
  const createdFolders: string[] = [];
  for (const folder of [worktrees.path, sessions.path]) {
    if ((await entryKind(folder)) === "missing") createdFolders.push(folder);
    await mkdir(folder, { recursive: true });
  }
  await writeFileAtomically(file, text);
  const exclude = await excludeFromRepo(mainRepo.path, [
    { path: file, folder: false },
    { path: join(dirname(file), ENV_FILE_NAME), folder: false },
    { path: worktrees.path, folder: true },
    { path: sessions.path, folder: true },
  ]);
  const notes =
    checkout.kind === "inside"
      ? [`MAIN_REPO ${mainRepo.path} is inside the git checkout ${checkout.top} but is not its top level`]
      : [];
  return { ok: true, report: { file, entries, createdFolders, exclude, notes } };
}

const HEADER = `# samocode project file, written by \`samocode init\` (see docs/configuration.md).
# ~ is your home folder; relative paths are relative to this file's folder.
# Runtime settings (provider, models, timeouts, Telegram) go in .env beside this file.
`;

async function targetFile(options: InitProjectOptions, home: string) {
  let file = join(resolve(options.cwd), PROJECT_FILE_NAME);
  if (options.target !== undefined) {
    const expanded = expandPath(options.target, options.cwd, home);
    if (!expanded.ok) {
      return {
        ok: false as const,
        error: `--config ${JSON.stringify(options.target)}: expected ${expanded.expected}`,
      };
    }
    const kind = await entryKind(expanded.path);
    file = kind === "directory" ? join(expanded.path, PROJECT_FILE_NAME) : expanded.path;
    // A new file must be named .samocode: a typo must not leave a stray file somewhere unexpected.
    if (kind === "missing" && basename(file) !== PROJECT_FILE_NAME) {
      const shown = JSON.stringify(options.target);
      return {
        ok: false as const,
        error: `--config ${shown}: expected a folder or a path ending in /${PROJECT_FILE_NAME}`,
      };
    }
  }
  const kind = await entryKind(file);
  if (kind === "file" && !options.force) {
    return { ok: false as const, error: `${file} already exists: pass --force to overwrite it` };
  }
  if (kind !== "file" && kind !== "missing")
    return { ok: false as const, error: `${file} exists and is not a file` };
  if ((await entryKind(dirname(file))) !== "directory") {
    return { ok: false as const, error: `cannot write ${file}: the folder ${dirname(file)} does not exist` };
  }
  return { ok: true as const, file };
}

function writtenValue(given: string | undefined, path: string, file: string): string {
  if (given !== undefined && (given === "~" || given.startsWith("~/"))) return given;
  if (given !== undefined && isAbsolute(given)) return path;
  return relative(dirname(file), path) || ".";
}

/** A path that cannot survive the KEY=VALUE format (say, both kinds of quote) is refused, not mangled. */
function readBackError(text: string, file: string, entries: readonly { key: string; written: string }[]) {
  const parsed = parseKeyValueText(text, file);
  const same =
    parsed.ok &&
    entries.every(({ key, written }) => parsed.entries.find((entry) => entry.key === key)?.value === written);
  return same
    ? undefined
    : `cannot write ${file}: a path cannot be expressed in the .samocode format; rename it`;
}

/** Quotes keep a `#`, edge spaces or a leading quote from being read back differently. */
function quoteIfNeeded(value: string): string {
  if (!/(^\s|\s$|\s#|^#|^["'])/.test(value)) return value;
  return value.includes('"') ? `'${value}'` : `"${value}"`;
}

/**
 * Without running git: a `.git` in MAIN_REPO marks a checkout's top level; one above it, a folder inside a
 * checkout (a note); none at all is no repository (init refuses, issue 14: it used to succeed with a warning).
 */
async function checkoutOf(
  mainRepo: string,
): Promise<{ kind: "top" } | { kind: "inside"; top: string } | { kind: "none" }> {
  if ((await entryKind(join(mainRepo, ".git"))) !== "missing") return { kind: "top" };
  for (let dir = dirname(mainRepo); ; dir = dirname(dir)) {
    if ((await entryKind(join(dir, ".git"))) !== "missing") return { kind: "inside", top: dir };
    if (dir === dirname(dir)) break;
  }
  return { kind: "none" };
}
