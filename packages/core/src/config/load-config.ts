// Loads the whole configuration once, at the edge: the project file, then `.env` under the real environment.
import { dirname, join } from "node:path";
import { homeFrom } from "./expand-path.ts";
import { type ConfigEnv, findProjectFile, type ProjectFileSource } from "./find-project-file.ts";
import { type ProjectPaths, readProjectFile } from "./project-file.ts";
import type { RuntimeConfig } from "./runtime-config.ts";
import { keepOwnKeys, layerEnv, parseRuntimeEnv, readEnvFile } from "./runtime-env.ts";
import { isMachineKey, type UserDirs, userDirs } from "./user-dirs.ts";
import { projectOfWorktree } from "./worktree-project.ts";

export const ENV_FILE_NAME = ".env";

export interface SamocodeConfig {
  /** Absolute path of the `.samocode` in use, and how it was found. */
  projectFile: string;
  projectFileSource: ProjectFileSource;
  /** The `.env` beside it, whether or not it exists. */
  envFile: string;
  paths: ProjectPaths;
  runtime: RuntimeConfig;
  /** `.env` with the real environment laid over it: the base environment for provider runs. */
  env: Readonly<Record<string, string>>;
  /** The user's samocode folders, shared by every project on the machine. */
  user: UserDirs;
}

export interface LoadConfigOptions {
  /** `--config`: a `.samocode` file or the folder holding one; relative to `cwd`. */
  configPath?: string | undefined;
  cwd: string;
  env: ConfigEnv;
}

/** Every problem is one line; a file full of garbage is cut short rather than flooding the terminal. */
export type LoadConfigResult =
  | { ok: true; config: SamocodeConfig; warnings: string[] }
  | { ok: false; errors: string[] };

const MAX_ERRORS = 20;

export async function loadConfig(options: LoadConfigOptions): Promise<LoadConfigResult> {
  const home = homeFrom(options.env);
  const user = userDirs(options.env);
  const found = await findProject(options, home);
  if (!found.ok) return { ok: false, errors: [found.error] };
  const baseDir = dirname(found.path);
  const envFile = join(baseDir, ENV_FILE_NAME);
  const [project, envEntries, userEntries] = await Promise.all([
    readProjectFile(found.path, home),
    readEnvFile(envFile),
    readEnvFile(user.configFile),
  ]);
  const errors = [
    ...(project.ok ? [] : project.errors),
    ...(envEntries.ok ? [] : envEntries.errors),
    ...(userEntries.ok ? [] : userEntries.errors),
  ];
  // Knobs are judged even when the project file is bad, so one run shows every problem.
  const projectLayer = keepOwnKeys(
    { file: envFile, entries: envEntries.ok ? envEntries.entries : [] },
    (key) => !isMachineKey(key),
    `it counts across all projects; set it in ${user.configFile} or the environment`,
  );
  const machineLayer = machineSettings(user, userEntries.ok ? userEntries.entries : []);
  const layered = layerEnv([projectLayer.layer, machineLayer.layer], options.env);
  const runtime = envEntries.ok && userEntries.ok ? parseRuntimeEnv(layered, baseDir, home) : undefined;
  if (runtime !== undefined && !runtime.ok) errors.push(...runtime.errors);
  if (!project.ok || runtime === undefined || !runtime.ok) return { ok: false, errors: capped(errors) };
  const config: SamocodeConfig = {
    projectFile: found.path,
    projectFileSource: found.source,
    envFile,
    paths: project.paths,
    runtime: runtime.runtime,
    env: layered.values,
    user,
  };
  return {
    ok: true,
    config,
    warnings: [...projectLayer.warnings, ...machineLayer.warnings, ...runtime.warnings],
  };
}

export type MachineConfig = {
  user: UserDirs;
  maxConcurrent: RuntimeConfig["maxConcurrent"];
  fleetBudgetUsd: RuntimeConfig["fleetBudgetUsd"];
  telegram: RuntimeConfig["telegram"];
  logLevel: RuntimeConfig["logLevel"];
};

export type LoadMachineConfigResult =
  | { ok: true; config: MachineConfig; warnings: string[] }
  | { ok: false; errors: string[] };

/** The machine-wide settings alone (the user's config file under the environment), for the supervisor. */
export async function loadMachineConfig(env: ConfigEnv): Promise<LoadMachineConfigResult> {
  const user = userDirs(env);
  const entries = await readEnvFile(user.configFile);
  if (!entries.ok) return { ok: false, errors: entries.errors };
  const machine = machineSettings(user, entries.entries);
  const runtime = parseRuntimeEnv(layerEnv([machine.layer], env), user.config, homeFrom(env));
  if (!runtime.ok) return { ok: false, errors: capped(runtime.errors) };
  const { maxConcurrent, fleetBudgetUsd, telegram, logLevel } = runtime.runtime;
  return {
    ok: true,
    config: { user, maxConcurrent, fleetBudgetUsd, telegram, logLevel },
    warnings: machine.warnings,
  };
}

function machineSettings(user: UserDirs, entries: Parameters<typeof keepOwnKeys>[0]["entries"]) {
  return keepOwnKeys(
    { file: user.configFile, entries },
    isMachineKey,
    "only the machine-wide settings live here; set it in a project's .env",
  );
}

/** `--config`, SAMOCODE_CONFIG, the walk up from the cwd, then — in a session's worktree — its project. */
async function findProject(options: LoadConfigOptions, home: string) {
  const found = await findProjectFile(options);
  const searched = options.configPath === undefined && !options.env.SAMOCODE_CONFIG;
  if (found.ok || !searched) return found;
  const project = await projectOfWorktree(options.cwd, home);
  return project === undefined ? found : { ok: true as const, path: project, source: "worktree" as const };
}

function capped(errors: string[]): string[] {
  if (errors.length <= MAX_ERRORS) return errors;
  return [...errors.slice(0, MAX_ERRORS), `… and ${errors.length - MAX_ERRORS} more problems`];
}
