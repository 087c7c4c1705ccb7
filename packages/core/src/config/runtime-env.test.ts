import { describe, expect, it } from "vitest";
import type { KeyValueEntry } from "./key-value-file.ts";
import type { RuntimeConfig } from "./runtime-config.ts";
import { layerEnv, parseRuntimeEnv, type RuntimeEnvResult } from "./runtime-env.ts";
import { RUNTIME_ENV_KEYS } from "./runtime-env-schema.ts";

const ENV_FILE = "/p/.env";

function run(env: Record<string, string>, file: Record<string, string> = {}): RuntimeEnvResult {
  const entries: KeyValueEntry[] = Object.entries(file).map(([key, value], index) => ({
    key,
    value,
    line: index + 1,
  }));
  return parseRuntimeEnv(layerEnv([{ file: ENV_FILE, entries }], env), "/p", "/h");
}

function runtime(env: Record<string, string>, file: Record<string, string> = {}): RuntimeConfig {
  const result = run(env, file);
  if (!result.ok) throw new Error(`unexpected errors: ${result.errors.join("; ")}`);
  return result.runtime;
}

function errors(env: Record<string, string>, file: Record<string, string> = {}): string[] {
  const result = run(env, file);
  if (result.ok) throw new Error("expected errors");
  return result.errors;
}

const SECONDS = "a whole number of seconds from 1 to 2147483";
const COMMAND = "a command name found on PATH, or a path to the executable";
const MODEL = "a model name without spaces";
const MINUTES = "a number of minutes above 0 and at most 35791 (fractions allowed, e.g. 0.5)";
const PREFIX =
  'a branch-name prefix such as "alice" or "team/alice" (no spaces, ~^:?*[\\, "..", "@{"; no part starting with "." or "-" or ending with "." or ".lock")';

describe("parseRuntimeEnv", () => {
  it("gives every knob its documented default, durations in ms", () => {
    expect(runtime({})).toEqual({
      provider: "claude",
      claude: { path: "claude", model: "opus", maxTurns: 200, timeoutMs: 1_800_000 },
      codex: { path: "codex", model: undefined, reasoningEffort: undefined, timeoutMs: 1_800_000 },
      gemini: { path: "gemini", model: undefined, timeoutMs: 1_800_000 },
      scripted: { scriptPath: undefined },
      maxRetries: 3,
      retryDelayMs: 5000,
      killGraceMs: 10_000,
      maxNoSignal: 2,
      stallTimeoutMs: 900_000,
      maxStalls: 3,
      idleContinues: 5,
      maxConcurrent: undefined,
      fleetBudgetUsd: undefined,
      gitBranchPrefix: undefined,
      telegram: undefined,
      logLevel: "info",
    } satisfies RuntimeConfig);
  });

  it("converts every knob that is set, case-insensitively for choices", () => {
    const config = runtime({
      SAMOCODE_PROVIDER: "Codex",
      CLAUDE_MAX_TURNS: "50",
      CLAUDE_TIMEOUT: "60",
      CODEX_MODEL: "gpt-5.1-codex",
      CODEX_REASONING_EFFORT: "HIGH",
      CODEX_TIMEOUT: "1",
      GEMINI_MODEL: "gemini-2.5-pro",
      GEMINI_TIMEOUT: "2147483",
      SAMOCODE_MAX_RETRIES: "0",
      SAMOCODE_RETRY_DELAY: "0",
      SAMOCODE_KILL_GRACE: "0",
      SAMOCODE_MAX_NO_SIGNAL: "1",
      SAMOCODE_STALL_MINUTES: "0.25",
      SAMOCODE_MAX_STALLS: "5",
      SAMOCODE_IDLE_CONTINUES: "0",
      SAMOCODE_MAX_CONCURRENT: "4",
      SAMOCODE_FLEET_BUDGET_USD: "7.50",
      GIT_BRANCH_PREFIX: "team/alice",
      TELEGRAM_BOT_TOKEN: "123456:ABC-def_ghi",
      TELEGRAM_CHAT_ID: "-1001234567890",
      TELEGRAM_API_ROOT: "http://localhost:8081/",
      SAMOCODE_LOG_LEVEL: "debug",
    });
    expect(config).toMatchObject({
      provider: "codex",
      claude: { maxTurns: 50, timeoutMs: 60_000 },
      codex: { model: "gpt-5.1-codex", reasoningEffort: "high", timeoutMs: 1000 },
      gemini: { model: "gemini-2.5-pro", timeoutMs: 2_147_483_000 },
      maxRetries: 0,
      retryDelayMs: 0,
      killGraceMs: 0,
      maxNoSignal: 1,
      stallTimeoutMs: 15_000,
      maxStalls: 5,
      idleContinues: 0,
      maxConcurrent: 4,
      fleetBudgetUsd: 7.5,
      gitBranchPrefix: "team/alice",
      telegram: {
        botToken: "123456:ABC-def_ghi",
        chatId: "-1001234567890",
        apiRoot: "http://localhost:8081",
      },
      logLevel: "debug",
    });
  });

  it("keeps bare command names for PATH lookup and resolves paths against the .samocode folder", () => {
    const config = runtime({
      CLAUDE_PATH: "claude-beta",
      CODEX_PATH: "./bin/codex",
      GEMINI_PATH: "~/bin/gemini",
      SAMOCODE_SCRIPT: "scripts/demo.json",
    });
    expect(config.claude.path).toBe("claude-beta");
    expect(config.codex.path).toBe("/p/bin/codex");
    expect(config.gemini.path).toBe("/h/bin/gemini");
    expect(config.scripted.scriptPath).toBe("/p/scripts/demo.json");
  });

  it("lets the real environment win over .env, and treats an empty value as unset", () => {
    expect(runtime({ CLAUDE_MODEL: "haiku" }, { CLAUDE_MODEL: "sonnet" }).claude.model).toBe("haiku");
    expect(runtime({}, { CLAUDE_MODEL: "sonnet" }).claude.model).toBe("sonnet");
    expect(runtime({ CLAUDE_MODEL: "" }, { CLAUDE_MODEL: "sonnet" }).claude.model).toBe("opus");
    expect(runtime({}, { CLAUDE_TIMEOUT: "" }).claude.timeoutMs).toBe(1_800_000);
  });

  const badValues: [string, string, string][] = [
    ["SAMOCODE_PROVIDER", "openai", "one of claude, codex, gemini, scripted"],
    ["CLAUDE_PATH", "clau\nde", COMMAND],
    ["CLAUDE_MODEL", "opus 4", MODEL],
    ["CLAUDE_MAX_TURNS", "0", "a whole number of turns from 1 to 10000"],
    ["CLAUDE_MAX_TURNS", "20 turns", "a whole number of turns from 1 to 10000"],
    ["CLAUDE_TIMEOUT", "10s", SECONDS],
    ["CLAUDE_TIMEOUT", "1e3", SECONDS],
    ["CLAUDE_TIMEOUT", "-5", SECONDS],
    ["CLAUDE_TIMEOUT", " 10", SECONDS],
    ["CLAUDE_TIMEOUT", "0x10", SECONDS],
    ["CODEX_PATH", "co\0dex", COMMAND],
    ["CODEX_MODEL", "gpt 5", MODEL],
    ["CODEX_REASONING_EFFORT", "max", "one of minimal, low, medium, high"],
    ["CODEX_TIMEOUT", "0", SECONDS],
    ["GEMINI_PATH", "gem\rini", COMMAND],
    ["GEMINI_MODEL", "flash 2", MODEL],
    ["GEMINI_TIMEOUT", "2147484", SECONDS],
    ["SAMOCODE_SCRIPT", "a\0b", "a path"],
    ["SAMOCODE_MAX_RETRIES", "-1", "a whole number from 0 to 100"],
    ["SAMOCODE_RETRY_DELAY", "5.5", "a whole number of seconds from 0 to 3600"],
    ["SAMOCODE_KILL_GRACE", "ten", "a whole number of seconds from 0 to 3600"],
    ["SAMOCODE_MAX_NO_SIGNAL", "0", "a whole number from 1 to 100"],
    ["SAMOCODE_STALL_MINUTES", "0", MINUTES],
    ["SAMOCODE_STALL_MINUTES", "15m", MINUTES],
    ["SAMOCODE_STALL_MINUTES", ".5", MINUTES],
    ["SAMOCODE_MAX_STALLS", "101", "a whole number from 1 to 100"],
    ["SAMOCODE_IDLE_CONTINUES", "-1", "a whole number from 0 to 100"],
    ["SAMOCODE_MAX_CONCURRENT", "0", "a whole number from 1 to 1000"],
    ["SAMOCODE_FLEET_BUDGET_USD", "$25", "an amount of US dollars above 0, e.g. 25 or 7.50"],
    ["SAMOCODE_FLEET_BUDGET_USD", "0", "an amount of US dollars above 0, e.g. 25 or 7.50"],
    ["GIT_BRANCH_PREFIX", "my prefix", PREFIX],
    ["GIT_BRANCH_PREFIX", "a..b", PREFIX],
    ["GIT_BRANCH_PREFIX", "wip.lock", PREFIX],
    ["GIT_BRANCH_PREFIX", "/x", PREFIX],
    ["GIT_BRANCH_PREFIX", "x/", PREFIX],
    ["GIT_BRANCH_PREFIX", ".x", PREFIX],
    ["GIT_BRANCH_PREFIX", "--no-checkout", PREFIX],
    ["GIT_BRANCH_PREFIX", "team/-x", PREFIX],
    ["GIT_BRANCH_PREFIX", "a@{b", PREFIX],
    ["GIT_BRANCH_PREFIX", "a:b", PREFIX],
    ["TELEGRAM_CHAT_ID", "me", "a chat id such as 123456789 or -1001234567890, or a @channelusername"],
    ["TELEGRAM_API_ROOT", "ftp://x", "an http:// or https:// URL such as http://localhost:8081"],
    ["TELEGRAM_API_ROOT", "localhost:8081", "an http:// or https:// URL such as http://localhost:8081"],
    ["SAMOCODE_LOG_LEVEL", "loud", "one of error, warn, info, http, verbose, debug, silly"],
  ];

  it.each(badValues)("%s=%j is one exact line", (key, value, expected) => {
    const env: Record<string, string> = { [key]: value };
    if (key === "TELEGRAM_CHAT_ID") env.TELEGRAM_BOT_TOKEN = "1:a";
    expect(errors(env)).toEqual([`${key}=${JSON.stringify(value)} in the environment: expected ${expected}`]);
  });

  it("covers every knob in the table above (the token has its own test)", () => {
    const tested = new Set([...badValues.map(([key]) => key), "TELEGRAM_BOT_TOKEN"]);
    expect([...tested].sort()).toEqual([...RUNTIME_ENV_KEYS].sort());
  });

  it("refuses ~user in a command path", () => {
    expect(errors({ CLAUDE_PATH: "~bob/bin/claude" })).toEqual([
      'CLAUDE_PATH="~bob/bin/claude" in the environment: expected a path; only ~ and ~/… are expanded (~user is not supported)',
    ]);
  });

  it("names the .env file and line when the bad value came from there", () => {
    expect(errors({}, { CLAUDE_MODEL: "opus", CLAUDE_TIMEOUT: "10s" })).toEqual([
      `CLAUDE_TIMEOUT="10s" in /p/.env:2: expected ${SECONDS}`,
    ]);
  });

  it("reports every bad knob at once", () => {
    expect(errors({ CODEX_TIMEOUT: "soon" }, { CLAUDE_TIMEOUT: "10s", SAMOCODE_PROVIDER: "gpt" })).toEqual([
      'SAMOCODE_PROVIDER="gpt" in /p/.env:2: expected one of claude, codex, gemini, scripted',
      `CLAUDE_TIMEOUT="10s" in /p/.env:1: expected ${SECONDS}`,
      `CODEX_TIMEOUT="soon" in the environment: expected ${SECONDS}`,
    ]);
  });

  it("never echoes the bot token", () => {
    const secret = "not a token: s3cr3t";
    const lines = errors({ TELEGRAM_BOT_TOKEN: secret, TELEGRAM_CHAT_ID: "42" });
    expect(lines).toEqual([
      "TELEGRAM_BOT_TOKEN=<hidden> in the environment: expected a bot token from @BotFather, shaped <digits>:<letters, digits, _ or ->",
    ]);
    expect(lines.join("\n")).not.toContain("s3cr3t");
  });

  it("wants the Telegram token and chat id together", () => {
    expect(errors({ TELEGRAM_BOT_TOKEN: "1:abc" })).toEqual([
      "TELEGRAM_CHAT_ID is not set: expected it alongside TELEGRAM_BOT_TOKEN (set both for Telegram, or neither)",
    ]);
    expect(errors({}, { TELEGRAM_CHAT_ID: "42" })).toEqual([
      "TELEGRAM_BOT_TOKEN is not set: expected it alongside TELEGRAM_CHAT_ID (set both for Telegram, or neither)",
    ]);
  });

  it("warns about likely typos and unknown SAMOCODE_* names, and passes other keys by", () => {
    const result = run(
      { CLAUDE_MODLE: "x", SAMOCODE_FROM_SOME_TOOL: "1", SAMOCODE_SESSION: "s", PATH: "/bin" },
      { SAMOCODE_MAX_RETRY: "5", SAMOCODE_NOPE: "1", ANTHROPIC_BASE_URL: "http://127.0.0.1:1" },
    );
    expect(result).toMatchObject({ ok: true });
    if (!result.ok) return;
    expect(result.warnings).toEqual([
      "CLAUDE_MODLE in the environment is not a samocode setting and is ignored; did you mean CLAUDE_MODEL?",
      "SAMOCODE_MAX_RETRY in /p/.env:1 is not a samocode setting and is ignored; did you mean SAMOCODE_MAX_RETRIES?",
      "SAMOCODE_NOPE in /p/.env:2 is not a samocode setting and is ignored; see docs/configuration.md",
    ]);
  });
});
