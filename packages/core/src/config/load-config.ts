// Loads the whole configuration once, at the edge: the project file, then `.env` under the real environment.
import { dirname, join } from "node:path";
import { homeFrom } from "./expand-path.ts";
import { type ConfigEnv, findProjectFile, type ProjectFileSource } from "./find-project-file.ts";
import { type ProjectPaths, readProjectFile } from "./project-file.ts";
import type { RuntimeConfig } from "./runtime-config.ts";
import { layerEnv, parseRuntimeEnv, readEnvFile } from "./runtime-env.ts";

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
  const found = await findProjectFile(options);
  if (!found.ok) return { ok: false, errors: [found.error] };
  const home = homeFrom(options.env);
  const baseDir = dirname(found.path);
  const envFile = join(baseDir, ENV_FILE_NAME);
  const [project, envEntries] = await Promise.all([readProjectFile(found.path, home), readEnvFile(envFile)]);
  const errors = [...(project.ok ? [] : project.errors), ...(envEntries.ok ? [] : envEntries.errors)];
  // Knobs are judged even when the project file is bad, so one run shows every problem.
  const layered = layerEnv(envEntries.ok ? envEntries.entries : [], envFile, options.env);
  const runtime = envEntries.ok ? parseRuntimeEnv(layered, baseDir, home) : undefined;
  if (runtime !== undefined && !runtime.ok) errors.push(...runtime.errors);
  if (!project.ok || runtime === undefined || !runtime.ok) return { ok: false, errors: capped(errors) };
  const config: SamocodeConfig = {
    projectFile: found.path,
    projectFileSource: found.source,
    envFile,
    paths: project.paths,
    runtime: runtime.runtime,
    env: layered.values,
  };
  return { ok: true, config, warnings: runtime.warnings };
}

function capped(errors: string[]): string[] {
  if (errors.length <= MAX_ERRORS) return errors;
  return [...errors.slice(0, MAX_ERRORS), `… and ${errors.length - MAX_ERRORS} more problems`];
}
