// The runtime knobs (SPEC §3) as one zod schema keyed by their env names, each parsed strictly from its string.
import { z } from "zod";
import { PROVIDER_NAMES } from "../provider/provider-names.ts";

export const REASONING_EFFORTS = ["minimal", "low", "medium", "high"] as const;
export type ReasoningEffort = (typeof REASONING_EFFORTS)[number];

/** winston's npm levels, most to least severe. */
export const LOG_LEVELS = ["error", "warn", "info", "http", "verbose", "debug", "silly"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** setTimeout's ceiling is 2^31-1 ms; a longer delay would fire at once. */
export const MAX_TIMER_SECONDS = Math.floor(2_147_483_647 / 1000);
const MAX_TIMER_MINUTES = Math.floor(MAX_TIMER_SECONDS / 60);

/** A string knob: `parse` returns undefined for a bad value, which becomes one issue saying what was expected. */
function knob<T>(expected: string, parse: (raw: string) => T | undefined) {
  return z.string().transform((raw, ctx): T => {
    const value = parse(raw);
    if (value === undefined) {
      ctx.issues.push({ code: "custom", message: expected, input: raw });
      return z.NEVER;
    }
    return value;
  });
}

function wholeNumber(min: number, max: number, unit?: string) {
  const what = unit === undefined ? "a whole number" : `a whole number of ${unit}`;
  return knob(`${what} from ${min} to ${max}`, (raw) => {
    if (!/^\d+$/.test(raw)) return undefined;
    const value = Number(raw);
    return value >= min && value <= max ? value : undefined;
  });
}

function positiveDecimal(expected: string, max: number) {
  return knob(expected, (raw) => {
    if (!/^\d+(\.\d+)?$/.test(raw)) return undefined;
    const value = Number(raw);
    return value > 0 && value <= max ? value : undefined;
  });
}

/** Case-insensitive, so `Claude` works as well as `claude`. */
function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return knob(`one of ${values.join(", ")}`, (raw): T[number] | undefined =>
    values.find((value) => value === raw.toLowerCase()),
  );
}

const command = knob("a command name found on PATH, or a path to the executable", (raw) =>
  /[\0\r\n]/.test(raw) ? undefined : raw,
);
const modelName = knob("a model name without spaces", (raw) => (/\s/.test(raw) ? undefined : raw));
const path = knob("a path", (raw) => (raw.includes("\0") ? undefined : raw));

const seconds = (min: number, max: number) => wholeNumber(min, max, "seconds");
const minutes = positiveDecimal(
  `a number of minutes above 0 and at most ${MAX_TIMER_MINUTES} (fractions allowed, e.g. 0.5)`,
  MAX_TIMER_MINUTES,
);
const usd = positiveDecimal("an amount of US dollars above 0, e.g. 25 or 7.50", 1_000_000_000);

/** git check-ref-format's rules for each `/`-separated component of the prefix; a leading "-" would make
 * the branch name read as an option where git takes it (issue 13), so no part may start with one. */
function isBranchPrefix(raw: string): boolean {
  if (raw.includes("@{") || raw === "@" || raw.includes("..")) return false;
  return raw.split("/").every((part) => {
    if (part === "" || /^[.-]/.test(part) || part.endsWith(".") || part.endsWith(".lock")) return false;
    return !/[\0-\x20\x7f~^:?*[\\]/.test(part);
  });
}
const branchPrefix = knob(
  'a branch-name prefix such as "alice" or "team/alice" (no spaces, ~^:?*[\\, "..", "@{"; no part starting with "." or "-" or ending with "." or ".lock")',
  (raw) => (isBranchPrefix(raw) ? raw : undefined),
);

const botToken = knob("a bot token from @BotFather, shaped <digits>:<letters, digits, _ or ->", (raw) =>
  /^\d+:[A-Za-z0-9_-]+$/.test(raw) ? raw : undefined,
);
const chatId = knob("a chat id such as 123456789 or -1001234567890, or a @channelusername", (raw) =>
  /^-?\d+$/.test(raw) || /^@[A-Za-z][A-Za-z0-9_]{3,}$/.test(raw) ? raw : undefined,
);
const httpUrl = knob("an http:// or https:// URL such as http://localhost:8081", (raw) => {
  if (!URL.canParse(raw)) return undefined;
  const url = new URL(raw);
  if (url.protocol !== "http:" && url.protocol !== "https:") return undefined;
  return raw.replace(/\/+$/, "");
});

export const RuntimeEnvSchema = z.object({
  SAMOCODE_PROVIDER: oneOf(PROVIDER_NAMES).default("claude"),
  CLAUDE_PATH: command.default("claude"),
  CLAUDE_MODEL: modelName.default("opus"),
  CLAUDE_MAX_TURNS: wholeNumber(1, 10_000, "turns").default(200),
  CLAUDE_TIMEOUT: seconds(1, MAX_TIMER_SECONDS).default(1800),
  CODEX_PATH: command.default("codex"),
  CODEX_MODEL: modelName.optional(),
  CODEX_REASONING_EFFORT: oneOf(REASONING_EFFORTS).optional(),
  CODEX_TIMEOUT: seconds(1, MAX_TIMER_SECONDS).default(1800),
  GEMINI_PATH: command.default("gemini"),
  GEMINI_MODEL: modelName.optional(),
  GEMINI_TIMEOUT: seconds(1, MAX_TIMER_SECONDS).default(1800),
  SAMOCODE_SCRIPT: path.optional(),
  SAMOCODE_MAX_RETRIES: wholeNumber(0, 100).default(3),
  SAMOCODE_RETRY_DELAY: seconds(0, 3600).default(5),
  SAMOCODE_KILL_GRACE: seconds(0, 3600).default(10),
  SAMOCODE_MAX_NO_SIGNAL: wholeNumber(1, 100).default(2),
  SAMOCODE_STALL_MINUTES: minutes.default(15),
  SAMOCODE_MAX_STALLS: wholeNumber(1, 100).default(3),
  SAMOCODE_IDLE_CONTINUES: wholeNumber(0, 100).default(5),
  SAMOCODE_MAX_CONCURRENT: wholeNumber(1, 1000).optional(),
  SAMOCODE_FLEET_BUDGET_USD: usd.optional(),
  GIT_BRANCH_PREFIX: branchPrefix.optional(),
  TELEGRAM_BOT_TOKEN: botToken.optional(),
  TELEGRAM_CHAT_ID: chatId.optional(),
  TELEGRAM_API_ROOT: httpUrl.optional(),
  SAMOCODE_LOG_LEVEL: oneOf(LOG_LEVELS).default("info"),
});
/** The knobs as parsed, still keyed by env name; `RuntimeConfig` is the camelCase shape code uses. */
export type RuntimeEnv = z.infer<typeof RuntimeEnvSchema>;
export type RuntimeEnvKey = keyof RuntimeEnv;

export const RUNTIME_ENV_KEYS = Object.keys(RuntimeEnvSchema.shape) as RuntimeEnvKey[];

/** SAMOCODE_* names that are not knobs but are still ours, so they never draw an "unknown key" warning. */
export const OTHER_SAMOCODE_ENV = [
  "SAMOCODE_CONFIG",
  "SAMOCODE_SESSION",
  "SAMOCODE_SESSION_DIR",
  // Read by the commands that may start the supervisor (packages/supervisor/src/supervisor-app.ts).
  "SAMOCODE_SUPERVISOR",
] as const;
