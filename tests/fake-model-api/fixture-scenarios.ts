// The recorded scenarios behind tests/fixtures/provider-streams: which CLI, what the model does, which argv.
import { join } from "node:path";
import { CLAUDE_TEST_MODEL, CODEX_TEST_MODEL } from "./cli-env.ts";
import type { FakeScript } from "./script.ts";

export const SIGNAL_TEXT = '{"status":"continue","summary":"compat: written with the CLI tool"}';

export interface Scenario {
  file: string;
  cli: "claude" | "codex";
  script: (sessionDir: string) => FakeScript;
  maxTurns?: number;
  model?: string;
  /** Point the CLI at a closed port instead of the fake API (codex then retries forever). */
  unreachable?: boolean;
  killAfterMs?: number;
}

const writeSignal = (sessionDir: string): FakeScript => ({
  turns: [
    {
      text: "Writing the signal.",
      writeFile: { path: join(sessionDir, "_signal.json"), content: SIGNAL_TEXT },
    },
  ],
  finalText: "Signal written.",
});

/** A command with output first (tool result shapes), then the signal through the file tool. */
const commandThenSignal =
  (command: FakeScript["turns"][number]) =>
  (sessionDir: string): FakeScript => ({
    ...writeSignal(sessionDir),
    turns: [command, ...writeSignal(sessionDir).turns],
  });

const httpError = (status: number, error: Record<string, unknown>): FakeScript => ({
  turns: [{ error: { status, body: { type: "error", error } } }],
});

const overloaded = { type: "overloaded_error", message: "Overloaded" };

export const SCENARIOS: Scenario[] = [
  {
    file: "claude-success-signal.jsonl",
    cli: "claude",
    script: commandThenSignal({
      text: "Looking around first.",
      tool: { name: "Bash", input: { command: "echo hello from bash", description: "Say hello" } },
    }),
  },
  { file: "claude-api-error-529.jsonl", cli: "claude", script: () => httpError(529, overloaded) },
  {
    file: "claude-stream-error-overloaded.jsonl",
    cli: "claude",
    script: () => ({ turns: [{ streamError: overloaded }] }),
  },
  {
    file: "claude-auth-401.jsonl",
    cli: "claude",
    script: () => httpError(401, { type: "authentication_error", message: "invalid x-api-key" }),
  },
  {
    file: "claude-rate-limit-429.jsonl",
    cli: "claude",
    script: () =>
      httpError(429, { type: "rate_limit_error", message: "Number of requests exceeded your rate limit" }),
  },
  {
    file: "claude-max-turns.jsonl",
    cli: "claude",
    maxTurns: 1,
    script: () => ({
      turns: [
        { tool: { name: "Bash", input: { command: "echo one", description: "Print one" } } },
        { tool: { name: "Bash", input: { command: "echo two", description: "Print two" } } },
      ],
    }),
  },
  {
    file: "codex-success-signal.jsonl",
    cli: "codex",
    script: commandThenSignal({
      text: "Looking around first.",
      tool: { name: "exec_command", input: { cmd: "echo hello from exec" } },
    }),
  },
  {
    file: "codex-unknown-model-warning.jsonl",
    cli: "codex",
    model: "gpt-unknown-to-codex",
    script: () => ({ turns: [], finalText: "Nothing to do." }),
  },
  {
    file: "codex-file-change.jsonl",
    cli: "codex",
    script: (sessionDir) => ({
      turns: [
        {
          text: "Patching the signal in.",
          writeFile: {
            path: join(sessionDir, "_signal.json"),
            content: SIGNAL_TEXT,
            codexTool: "apply_patch",
          },
        },
      ],
      finalText: "Signal written.",
    }),
  },
  {
    file: "codex-api-error-500.jsonl",
    cli: "codex",
    script: () => httpError(500, { type: "server_error", message: "boom" }),
  },
  {
    file: "codex-stream-failed-overloaded.jsonl",
    cli: "codex",
    script: () => ({ turns: [{ streamError: { type: "server_is_overloaded", message: "Overloaded" } }] }),
  },
  {
    file: "codex-auth-401.jsonl",
    cli: "codex",
    script: () =>
      httpError(401, { type: "invalid_request_error", code: "invalid_api_key", message: "bad key" }),
  },
  {
    file: "codex-usage-limit-429.jsonl",
    cli: "codex",
    script: () =>
      httpError(429, {
        type: "usage_limit_reached",
        message: "The usage limit has been reached",
        plan_type: "plus",
        resets_at: 1_900_000_000, // 2030-03-17T17:46:40Z, printed in the CLI's local time zone
      }),
  },
  {
    file: "codex-unreachable-api.jsonl",
    cli: "codex",
    script: writeSignal,
    unreachable: true,
    killAfterMs: 6_000,
  },
];

export interface ArgvInput {
  prompt: string;
  worktree: string;
  maxTurns?: number;
  model?: string;
}

/** The argv of issue 3 / SPEC §7 for claude, with a phase agent defined on the command line. */
export function claudeArgv(input: ArgvInput): string[] {
  const agents = {
    investigation: { description: "Phase agent", prompt: "You are the investigation agent." },
  };
  return [
    ...["-p", input.prompt, "--output-format", "stream-json", "--verbose"],
    ...["--model", CLAUDE_TEST_MODEL, "--max-turns", String(input.maxTurns ?? 10)],
    ...["--append-system-prompt", "Workflow and session context go here."],
    ...["--agents", JSON.stringify(agents), "--agent", "investigation"],
    "--dangerously-skip-permissions",
  ];
}

/** The argv of issue 3 / SPEC §7 for codex; the provider itself comes from CODEX_HOME/config.toml. */
export function codexArgv(input: ArgvInput): string[] {
  return [
    ...["exec", "--json", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox"],
    ...[
      "-m",
      input.model ?? CODEX_TEST_MODEL,
      "-c",
      "model_reasoning_effort=low",
      "-C",
      input.worktree,
      input.prompt,
    ],
  ];
}
