// The vocabulary of one provider attempt: what the loop asks for, the events parsed from the stream, the outcome.
import type { ProviderName } from "./provider-names.ts";

export const ERROR_KINDS = ["rate_limit", "overload", "auth", "max_turns", "other"] as const;
/** rate_limit: usage or rate limit (a reset time may come with it); overload: 529/503, retry later;
 * auth: bad or missing credentials, retrying will not help; max_turns: the turn limit ended the run. */
export type ErrorKind = (typeof ERROR_KINDS)[number];

/** One entry of claude's `--agents` JSON (from an agents/*.md front matter); the prompt builder makes them. */
export interface AgentDefinition {
  description: string;
  prompt: string;
  tools?: string[];
  model?: string;
}

/** samocode's method for one run: Claude Code loads the plugin folder, other CLIs read `promptText`. */
export interface MethodForRun {
  /** `claude --plugin-dir`: the plugin with the method's skills and reviewer agents, loaded for this run only. */
  pluginDir: string;
  /** For CLIs without a per-run plugin loader (codex, gemini): the phase's skills, folded into the prompt. */
  promptText: string;
}

/** `input` is uncached input for every provider (codex reports cached tokens inside its input count). */
export interface TokenUsage {
  input: number;
  output: number;
  cacheRead: number;
  cacheWrite: number;
}

/** Parsed from the stream as lines arrive; `onEvent` receives them in order. */
export type ProviderEvent =
  | { type: "session"; conversationId: string; model?: string }
  | { type: "text"; text: string }
  | { type: "tool-call"; id?: string; name: string; target?: string }
  | { type: "tool-result"; id?: string; isError: boolean; output?: string }
  /** Running totals for the whole attempt so far (not a delta). */
  | { type: "usage"; tokens: TokenUsage }
  /** A usage limit announced before the final error (claude `rate_limit_event` with status rejected). */
  | { type: "rate-limit"; resetAt?: string }
  /** Non-fatal notices (codex "Reconnecting...") and fatal stream errors alike; `fatal` tells them apart. */
  | { type: "error"; message: string; fatal: boolean; errorKind: ErrorKind; resetAt?: string }
  | {
      type: "result";
      isError: boolean;
      text?: string;
      costUsd?: number;
      tokens?: TokenUsage;
      turns?: number;
      subtype?: string;
      errorKind?: ErrorKind;
      errorMessage?: string;
      resetAt?: string;
    }
  /** A stdout line that is not one of the format's JSON events (truncated). */
  | { type: "noise"; text: string };

export interface ProviderRunRequest {
  provider: ProviderName;
  /** A name looked up on PATH or a path; defaults to the provider's CLI name. */
  executable?: string;
  model?: string;
  maxTurns?: number;
  /** codex `-c model_reasoning_effort=<e>`; other providers ignore it. */
  reasoningEffort?: string;
  prompt: string;
  /** Workflow + session context: claude's appended system prompt, folded into the prompt elsewhere. */
  systemPrompt: string;
  agent?: string;
  agents?: Record<string, AgentDefinition>;
  /** Without it, claude still loads the method plugin shipped with samocode; codex and gemini get no method text. */
  method?: MethodForRun;
  cwd: string;
  sessionDir: string;
  sessionName: string;
  resumeConversationId?: string;
  timeoutMs: number;
  killGraceMs: number;
  /** Raw stdout of this attempt; an existing file is never overwritten (a numbered sibling is used). */
  logFile: string;
  env?: NodeJS.ProcessEnv;
  signal?: AbortSignal;
  onEvent?: (event: ProviderEvent) => void;
  /** Called once the child runs, so its process group can be recorded before anything else happens. */
  onSpawn?: (info: { pid: number; pgid: number }) => void;
  /** The `scripted` provider's script (passed as SAMOCODE_SCRIPT). */
  scriptPath?: string;
  /** How long to wait for the pipes once the main child exited (default 500 ms). */
  drainMs?: number;
  /** Longer stdout lines are skipped and counted (default 8 MiB). */
  maxLineBytes?: number;
}

/** What the event stream itself says about an attempt, folded as the lines arrive. */
export interface StreamFacts {
  conversationId?: string;
  costUsd?: number;
  tokens: TokenUsage;
  turns?: number;
  /** The final result text (claude `result`, codex last agent message, gemini assistant text). */
  finalText?: string;
  /** The stream reported an error (claude `is_error`, codex `turn.failed`, gemini `status: error`). */
  isError: boolean;
  /** Set whenever the stream reported an error or the process exited non-zero. */
  errorKind?: ErrorKind;
  errorMessage?: string;
  /** When a usage limit says it resets (ISO 8601). */
  resetAt?: string;
  eventCount: number;
}

export interface ProviderRunSummary extends StreamFacts {
  stderrTail: string;
  durationMs: number;
  pid?: number;
  pgid?: number;
  /** stdout lines longer than maxLineBytes, skipped unparsed. */
  oversizedLines: number;
  /** argv without the prompt texts, for error messages. */
  command: string[];
  /** The log file actually written (differs from the request when that file already existed). */
  logFile: string;
  /** Deliberate deviations worth logging, e.g. IS_SANDBOX=1 set because we run as root. */
  notes: string[];
}

/** exited: the main process ended by itself (the exit code is never hidden, even when a valid signal
 * exists); failed: it could not be started; timed-out / cancelled: we ended the process group. */
export type ProviderRunResult =
  | ({ kind: "exited"; exitCode: number | null; signal: string | null } & ProviderRunSummary)
  | ({ kind: "failed"; reason: string } & ProviderRunSummary)
  | ({ kind: "timed-out" } & ProviderRunSummary)
  | ({ kind: "cancelled" } & ProviderRunSummary);

export const EMPTY_TOKENS: Readonly<TokenUsage> = Object.freeze({
  input: 0,
  output: 0,
  cacheRead: 0,
  cacheWrite: 0,
});

export function addTokens(a: TokenUsage, b: TokenUsage): TokenUsage {
  return {
    input: a.input + b.input,
    output: a.output + b.output,
    cacheRead: a.cacheRead + b.cacheRead,
    cacheWrite: a.cacheWrite + b.cacheWrite,
  };
}
