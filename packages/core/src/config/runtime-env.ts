// Lays the real environment over the optional `.env` beside `.samocode` and validates the knobs into a RuntimeConfig.
import { readFile } from "node:fs/promises";
import type { ProviderName } from "../provider/provider-names.ts";
import { configErrorLine, nearestKey } from "./config-error-line.ts";
import { expandPath } from "./expand-path.ts";
import type { ConfigEnv } from "./find-project-file.ts";
import { type KeyValueEntry, parseKeyValueText } from "./key-value-file.ts";
import {
  type LogLevel,
  OTHER_SAMOCODE_ENV,
  type ReasoningEffort,
  RUNTIME_ENV_KEYS,
  type RuntimeEnv,
  RuntimeEnvSchema,
} from "./runtime-env-schema.ts";

export interface TelegramConfig {
  botToken: string;
  chatId: string;
  /** A self-hosted Bot API server; undefined means Telegram's own. */
  apiRoot: string | undefined;
}

/** The knobs as code uses them; every duration is in milliseconds. */
export interface RuntimeConfig {
  provider: ProviderName;
  claude: { path: string; model: string; maxTurns: number; timeoutMs: number };
  /** model undefined: codex's own default (its config.toml). */
  codex: {
    path: string;
    model: string | undefined;
    reasoningEffort: ReasoningEffort | undefined;
    timeoutMs: number;
  };
  gemini: { path: string; model: string | undefined; timeoutMs: number };
  scripted: { scriptPath: string | undefined };
  maxRetries: number;
  retryDelayMs: number;
  killGraceMs: number;
  maxNoSignal: number;
  stallTimeoutMs: number;
  maxStalls: number;
  maxConcurrent: number | undefined;
  fleetBudgetUsd: number | undefined;
  gitBranchPrefix: string | undefined;
  /** Set only when both the token and the chat id are. */
  telegram: TelegramConfig | undefined;
  logLevel: LogLevel;
}

/** The merged environment plus where each value came from, for error lines. */
export interface LayeredEnv {
  values: Readonly<Record<string, string>>;
  sourceOf(key: string): string;
  /** Keys that came from the `.env` file rather than the real environment. */
  fromFile: ReadonlySet<string>;
}

export type EnvFileResult = { ok: true; entries: KeyValueEntry[] } | { ok: false; errors: string[] };

/** A missing `.env` is fine and reads as empty. */
export async function readEnvFile(path: string): Promise<EnvFileResult> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT")
      return { ok: true, entries: [] };
    return { ok: false, errors: [`${path}: cannot be read (${String(error)})`] };
  }
  return parseKeyValueText(text, path);
}

/** The real environment wins over the file, even when it sets a key to the empty string. */
export function layerEnv(fileEntries: readonly KeyValueEntry[], envFile: string, env: ConfigEnv): LayeredEnv {
  const values: Record<string, string> = {};
  const lines = new Map<string, number>();
  for (const entry of fileEntries) {
    values[entry.key] = entry.value;
    lines.set(entry.key, entry.line);
  }
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    values[key] = value;
    lines.delete(key);
  }
  return {
    values,
    fromFile: new Set(lines.keys()),
    sourceOf: (key) => {
      const line = lines.get(key);
      return line === undefined ? "the environment" : `${envFile}:${line}`;
    },
  };
}

export type RuntimeEnvResult =
  | { ok: true; runtime: RuntimeConfig; warnings: string[] }
  | { ok: false; errors: string[] };

/** An empty value means "not set": the default applies. Relative paths are relative to `baseDir`. */
export function parseRuntimeEnv(layered: LayeredEnv, baseDir: string, home: string): RuntimeEnvResult {
  const input: Record<string, string> = {};
  for (const key of RUNTIME_ENV_KEYS) {
    const value = layered.values[key];
    if (value !== undefined && value !== "") input[key] = value;
  }
  const problem = (key: string, expected: string) =>
    configErrorLine({ key, value: input[key], source: layered.sourceOf(key), expected });
  const errors: string[] = [];
  const parsed = RuntimeEnvSchema.safeParse(input);
  if (!parsed.success) {
    const keys = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
    const byKey = (key: string) => parsed.error.issues.find((issue) => issue.path[0] === key)?.message ?? "";
    for (const key of keys) errors.push(problem(key, byKey(key)));
  }
  if ((input.TELEGRAM_BOT_TOKEN === undefined) !== (input.TELEGRAM_CHAT_ID === undefined)) {
    const missing = input.TELEGRAM_BOT_TOKEN === undefined ? "TELEGRAM_BOT_TOKEN" : "TELEGRAM_CHAT_ID";
    const other = missing === "TELEGRAM_BOT_TOKEN" ? "TELEGRAM_CHAT_ID" : "TELEGRAM_BOT_TOKEN";
    errors.push(`${missing} is not set: expected it alongside ${other} (set both for Telegram, or neither)`);
  }
  if (!parsed.success || errors.length > 0) return { ok: false, errors };
  const paths = resolvePaths(parsed.data, baseDir, home, problem);
  if (!paths.ok) return { ok: false, errors: paths.errors };
  return {
    ok: true,
    runtime: toRuntimeConfig(parsed.data, paths.values),
    warnings: unknownKeyWarnings(layered),
  };
}

type PathKey = "CLAUDE_PATH" | "CODEX_PATH" | "GEMINI_PATH" | "SAMOCODE_SCRIPT";
type ResolvedPaths =
  | { ok: true; values: Record<PathKey, string | undefined> }
  | { ok: false; errors: string[] };

/** A command with a `/` is a path (relative to `baseDir`, `~` expanded); a bare name is looked up on PATH. */
function resolvePaths(
  env: RuntimeEnv,
  baseDir: string,
  home: string,
  problem: (key: string, expected: string) => string,
): ResolvedPaths {
  const errors: string[] = [];
  const resolve = (key: PathKey, value: string | undefined, always: boolean): string | undefined => {
    if (value === undefined || (!always && !value.includes("/"))) return value;
    const expanded = expandPath(value, baseDir, home);
    if (expanded.ok) return expanded.path;
    errors.push(problem(key, expanded.expected));
    return undefined;
  };
  const values = {
    CLAUDE_PATH: resolve("CLAUDE_PATH", env.CLAUDE_PATH, false),
    CODEX_PATH: resolve("CODEX_PATH", env.CODEX_PATH, false),
    GEMINI_PATH: resolve("GEMINI_PATH", env.GEMINI_PATH, false),
    SAMOCODE_SCRIPT: resolve("SAMOCODE_SCRIPT", env.SAMOCODE_SCRIPT, true),
  };
  return errors.length > 0 ? { ok: false, errors } : { ok: true, values };
}

function toRuntimeConfig(env: RuntimeEnv, paths: Record<PathKey, string | undefined>): RuntimeConfig {
  const token = env.TELEGRAM_BOT_TOKEN;
  const chatId = env.TELEGRAM_CHAT_ID;
  return {
    provider: env.SAMOCODE_PROVIDER,
    claude: {
      path: paths.CLAUDE_PATH ?? env.CLAUDE_PATH,
      model: env.CLAUDE_MODEL,
      maxTurns: env.CLAUDE_MAX_TURNS,
      timeoutMs: env.CLAUDE_TIMEOUT * 1000,
    },
    codex: {
      path: paths.CODEX_PATH ?? env.CODEX_PATH,
      model: env.CODEX_MODEL,
      reasoningEffort: env.CODEX_REASONING_EFFORT,
      timeoutMs: env.CODEX_TIMEOUT * 1000,
    },
    gemini: {
      path: paths.GEMINI_PATH ?? env.GEMINI_PATH,
      model: env.GEMINI_MODEL,
      timeoutMs: env.GEMINI_TIMEOUT * 1000,
    },
    scripted: { scriptPath: paths.SAMOCODE_SCRIPT },
    maxRetries: env.SAMOCODE_MAX_RETRIES,
    retryDelayMs: env.SAMOCODE_RETRY_DELAY * 1000,
    killGraceMs: env.SAMOCODE_KILL_GRACE * 1000,
    maxNoSignal: env.SAMOCODE_MAX_NO_SIGNAL,
    stallTimeoutMs: Math.round(env.SAMOCODE_STALL_MINUTES * 60_000),
    maxStalls: env.SAMOCODE_MAX_STALLS,
    maxConcurrent: env.SAMOCODE_MAX_CONCURRENT,
    fleetBudgetUsd: env.SAMOCODE_FLEET_BUDGET_USD,
    gitBranchPrefix: env.GIT_BRANCH_PREFIX,
    telegram:
      token !== undefined && chatId !== undefined
        ? { botToken: token, chatId, apiRoot: env.TELEGRAM_API_ROOT }
        : undefined,
    logLevel: env.SAMOCODE_LOG_LEVEL,
  };
}

/**
 * Likely typos of a knob in `.env`, and unknown SAMOCODE_* names anywhere, are warned about; other keys in
 * `.env` are simply passed on (users point the provider CLIs at proxies with them).
 */
function unknownKeyWarnings(layered: LayeredEnv): string[] {
  const known = new Set<string>([...RUNTIME_ENV_KEYS, ...OTHER_SAMOCODE_ENV]);
  const warnings: string[] = [];
  for (const key of Object.keys(layered.values).sort()) {
    if (known.has(key)) continue;
    const suggestion = nearestKey(key, RUNTIME_ENV_KEYS);
    const ours = layered.fromFile.has(key) && key.startsWith("SAMOCODE_");
    if (suggestion === undefined && !ours) continue;
    const hint = suggestion === undefined ? "see docs/configuration.md" : `did you mean ${suggestion}?`;
    warnings.push(`${key} in ${layered.sourceOf(key)} is not a samocode setting and is ignored; ${hint}`);
  }
  return warnings;
}
