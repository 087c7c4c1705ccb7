// The runtime knobs in the camelCase shape code uses, converted from the parsed env: durations in ms, paths resolved.
import type { ProviderName } from "../provider/provider-names.ts";
import { expandPath } from "./expand-path.ts";
import type { LogLevel, ReasoningEffort, RuntimeEnv } from "./runtime-env-schema.ts";

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
  /** `continue` iterations in a row that change nothing before they count as a stall; 0 never. */
  idleContinues: number;
  maxConcurrent: number | undefined;
  fleetBudgetUsd: number | undefined;
  gitBranchPrefix: string | undefined;
  /** Set only when both the token and the chat id are. */
  telegram: TelegramConfig | undefined;
  logLevel: LogLevel;
}

type PathKey = "CLAUDE_PATH" | "CODEX_PATH" | "GEMINI_PATH" | "SAMOCODE_SCRIPT";
type ResolvedPaths =
  | { ok: true; values: Record<PathKey, string | undefined> }
  | { ok: false; errors: string[] };

/** A command with a `/` is a path (relative to `baseDir`, `~` expanded); a bare name is looked up on PATH. */
export function resolveRuntimePaths(
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

export function toRuntimeConfig(env: RuntimeEnv, paths: Record<PathKey, string | undefined>): RuntimeConfig {
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
    idleContinues: env.SAMOCODE_IDLE_CONTINUES,
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
