// The `samocode` command on a user's PATH: a symlink to this checkout's launcher (./samocode, which follows
// links and runs the pinned Node) in a user bin folder. `samocode install` makes it, `uninstall` removes it;
// neither touches a file or link that is not ours.
import { lstat, mkdir, readlink, symlink, unlink } from "node:fs/promises";
import { basename, delimiter, dirname, join, resolve } from "node:path";
import { SamocodeError } from "../errors.ts";
import { withoutToolchain } from "../provider/toolchain-path.ts";
import { isErrorCode } from "../session/json-file.ts";
import type { SkillOutcome } from "./owned-files.ts";
import { DEFAULT_SAMOCODE_COMMAND } from "./skill-source.ts";

export const COMMAND_NAME = "samocode";

/** This checkout's launcher: what the link points to. */
export const LAUNCHER = DEFAULT_SAMOCODE_COMMAND;

export type CommandChange = { file: string; target: string; outcome: SkillOutcome; reason?: string };

type Env = Readonly<Record<string, string | undefined>>;

/**
 * `--bin-dir`, else $XDG_BIN_HOME, else $XDG_DATA_HOME/../bin, else ~/.local/bin — the order uv and pipx
 * use for a user's executables (the XDG base-directory spec names ~/.local/bin for them).
 */
export function binDirFor(env: Env, home: string, given?: string, cwd = process.cwd()): string {
  if (given !== undefined) return resolve(cwd, given);
  if (env.XDG_BIN_HOME) return resolve(env.XDG_BIN_HOME);
  if (env.XDG_DATA_HOME) return resolve(env.XDG_DATA_HOME, "..", "bin");
  return join(home, ".local", "bin");
}

export function commandFile(binDir: string): string {
  return join(binDir, COMMAND_NAME);
}

export async function installCommand(binDir: string, launcher = LAUNCHER): Promise<CommandChange> {
  const file = commandFile(binDir);
  const existing = await inspect(file);
  const change = (outcome: SkillOutcome, reason?: string): CommandChange => ({
    file,
    target: launcher,
    outcome,
    ...(reason === undefined ? {} : { reason }),
  });
  if (existing.kind === "link" && existing.target === launcher) return change("up-to-date");
  if (existing.kind === "other")
    return change("refused", "is not a symlink to a samocode launcher; left alone");
  if (existing.kind === "link" && !existing.staleLauncher) {
    return change("refused", `points to ${existing.target}; left alone (remove it, or pass --bin-dir)`);
  }
  await mkdir(binDir, { recursive: true });
  if (existing.kind === "link") await unlink(file);
  await symlink(launcher, file);
  return change(existing.kind === "link" ? "updated" : "installed");
}

export async function uninstallCommand(binDir: string, launcher = LAUNCHER): Promise<CommandChange> {
  const file = commandFile(binDir);
  const existing = await inspect(file);
  const change = (outcome: SkillOutcome, reason?: string): CommandChange => ({
    file,
    target: launcher,
    outcome,
    ...(reason === undefined ? {} : { reason }),
  });
  if (existing.kind === "missing") return change("not-installed");
  if (existing.kind === "link" && existing.target === launcher) {
    await unlink(file);
    return change("removed");
  }
  return change("refused", "was not made by this checkout's samocode install; left alone");
}

/** Whether `binDir` is on the user's PATH (samocode's own toolchain entries do not count). */
export function isOnPath(binDir: string, path: string | undefined): boolean {
  return withoutToolchain(path)
    .split(delimiter)
    .some((entry) => entry !== "" && resolve(entry) === resolve(binDir));
}

type Existing =
  | { kind: "missing" }
  | { kind: "other" }
  /** `staleLauncher`: a dangling link to some `samocode` (a checkout moved or removed): safe to replace. */
  | { kind: "link"; target: string; staleLauncher: boolean };

async function inspect(file: string): Promise<Existing> {
  try {
    const stats = await lstat(file);
    if (!stats.isSymbolicLink()) return { kind: "other" };
    const target = resolve(dirname(file), await readlink(file));
    const dangling = await lstat(target).then(
      () => false,
      () => true,
    );
    return { kind: "link", target, staleLauncher: dangling && basename(target) === COMMAND_NAME };
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) return { kind: "missing" };
    throw new SamocodeError("io", `cannot look at ${file}`, { cause: error });
  }
}
