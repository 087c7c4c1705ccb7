// Compatibility: the real claude and codex binaries, run by our runner, offline against a scripted fake model API.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type {
  ProviderEvent,
  ProviderRunRequest,
  ProviderRunResult,
} from "../../packages/core/src/provider/provider-types.ts";
import { runProvider } from "../../packages/core/src/provider/run-provider.ts";
import { readSignal } from "../../packages/core/src/signals/signal-file.ts";
import {
  CLAUDE_TEST_MODEL,
  CODEX_TEST_MODEL,
  claudeEnv,
  codexEnv,
  REAL_CLAUDE,
  REAL_CODEX,
} from "../fake-model-api/cli-env.ts";
import { type FakeModelApi, startFakeModelApi } from "../fake-model-api/fake-model-api.ts";
import type { FakeScript } from "../fake-model-api/script.ts";
import { makeGitRepo } from "../helpers/git-repo.ts";
import { makeTempDir } from "../helpers/temp-dir.ts";

const SIGNAL = { status: "continue", summary: "compat: written with the CLI tool" };
const SYSTEM_MARK = "WORKFLOW-AND-CONTEXT-MARK-7f3a";
const AGENT_MARK = "INVESTIGATION-AGENT-MARK-91c2";
const PROMPT_MARK = "ITERATION-PROMPT-MARK-4d5e";
/** Safety net only: with retries at 0 every run here ends by itself in about a second. */
const TIMEOUT_MS = 45_000;
const CLOSED_PORT_URL = "http://127.0.0.1:9";

type Cli = "claude" | "codex";
let api: FakeModelApi | undefined;

afterEach(async () => {
  await api?.close();
  api = undefined;
});

interface Workspace {
  cli: Cli;
  worktree: string;
  sessionDir: string;
  env: Record<string, string>;
  api: FakeModelApi;
}

interface Run {
  result: ProviderRunResult;
  events: ProviderEvent[];
  sessionDir: string;
  api: FakeModelApi;
}

interface RunOptions {
  maxTurns?: number;
  timeoutMs?: number;
  /** Codex only: a base URL other than the fake's (an unreachable API). */
  baseUrl?: string;
  prompt?: string;
  resumeConversationId?: string;
  attempt?: number;
}

/** A real git worktree, a session folder and a temp HOME, with the CLI pointed at a fresh fake API. */
async function workspace(cli: Cli, script: (sessionDir: string) => FakeScript, baseUrl?: string) {
  const [worktree, sessionDir, home] = await Promise.all([
    makeGitRepo("samo-compat-wt-"),
    makeTempDir("samo-compat-session-"),
    makeTempDir("samo-compat-home-"),
  ]);
  api = await startFakeModelApi(script(sessionDir));
  const env = cli === "claude" ? await claudeEnv(api, home) : await codexEnv(api, home, baseUrl ?? api.url);
  return { cli, worktree, sessionDir, env, api } satisfies Workspace;
}

/** One attempt through our runner, the way the worker makes it. */
async function attempt(ws: Workspace, options: RunOptions = {}): Promise<Run> {
  const { cli } = ws;
  const events: ProviderEvent[] = [];
  const request: ProviderRunRequest = {
    provider: cli,
    executable: cli === "claude" ? REAL_CLAUDE : REAL_CODEX,
    model: cli === "claude" ? CLAUDE_TEST_MODEL : CODEX_TEST_MODEL,
    maxTurns: options.maxTurns ?? 8,
    ...(cli === "codex" ? { reasoningEffort: "low" } : {}),
    prompt: options.prompt ?? `${PROMPT_MARK}: do this iteration's work, then write _signal.json.`,
    systemPrompt: `${SYSTEM_MARK}: workflow and session context.`,
    agent: "investigation",
    agents: {
      investigation: {
        description: "Investigation phase",
        prompt: AGENT_MARK,
        tools: ["Read", "Write", "Bash"],
      },
    },
    cwd: ws.worktree,
    sessionDir: ws.sessionDir,
    sessionName: "compat",
    ...(options.resumeConversationId ? { resumeConversationId: options.resumeConversationId } : {}),
    timeoutMs: options.timeoutMs ?? TIMEOUT_MS,
    killGraceMs: 2_000,
    logFile: join(ws.sessionDir, "_logs", `iter-0001-investigation-a${options.attempt ?? 1}.jsonl`),
    env: ws.env,
    onEvent: (event) => events.push(event),
  };
  const result = await runProvider(request);
  return { result, events, sessionDir: ws.sessionDir, api: ws.api };
}

async function runCli(
  cli: Cli,
  script: (sessionDir: string) => FakeScript,
  options: RunOptions = {},
): Promise<Run> {
  return attempt(await workspace(cli, script, options.baseUrl), options);
}

const writeSignal =
  (codexTool?: "apply_patch") =>
  (sessionDir: string): FakeScript => ({
    turns: [
      {
        text: "Writing the signal.",
        writeFile: {
          path: join(sessionDir, "_signal.json"),
          content: JSON.stringify(SIGNAL),
          ...(codexTool ? { codexTool } : {}),
        },
      },
    ],
    finalText: "Signal written.",
  });

const httpError = (status: number, error: Record<string, unknown>) => (): FakeScript => ({
  turns: [{ error: { status, body: { type: "error", error } } }],
});

interface MainBody {
  model?: string;
  system?: unknown;
  tools?: { name?: string }[];
}

/** The first request of the conversation, as the CLI sent it to the model. */
function firstMainBody(run: Run): MainBody {
  const body = run.api.mainRequests()[0]?.body;
  if (typeof body !== "object" || body === null) throw new Error("no main request reached the fake API");
  return body as MainBody;
}

async function expectSignalWritten(run: Run): Promise<void> {
  const read = await readSignal(run.sessionDir);
  expect(read.kind).toBe("ok");
  if (read.kind === "ok") expect(read.signal).toMatchObject(SIGNAL);
}

/** The raw stream is kept verbatim: first the CLI's start event, last its final one. */
async function expectRawLog(run: Run, firstType: string, lastType: string): Promise<void> {
  const lines = (await readFile(run.result.logFile, "utf8")).trim().split("\n");
  expect(JSON.parse(lines[0] ?? "{}")).toMatchObject({ type: firstType });
  expect(JSON.parse(lines.at(-1) ?? "{}")).toMatchObject({ type: lastType });
}

function groupAlive(pgid: number | undefined): boolean {
  if (pgid === undefined) throw new Error("the runner reported no process group");
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw error;
  }
}

/** A crashed attempt is resumed with `claude --resume` / `codex exec resume` (SPEC §7). */
async function expectResume(cli: Cli): Promise<void> {
  const ws = await workspace(cli, () => ({ turns: [], finalText: "Noted." }));
  const first = await attempt(ws, { prompt: "FIRST-ATTEMPT-MARK" });
  const id = first.result.conversationId;
  expect(id).toBeDefined();
  const second = await attempt(ws, {
    prompt: "SECOND-ATTEMPT-MARK",
    resumeConversationId: id ?? "",
    attempt: 2,
  });
  expect(second.result).toMatchObject({ kind: "exited", exitCode: 0, isError: false, conversationId: id });
  const lastRequest = JSON.stringify(ws.api.mainRequests().at(-1)?.body ?? null);
  expect(lastRequest).toContain("FIRST-ATTEMPT-MARK");
  expect(lastRequest).toContain("SECOND-ATTEMPT-MARK");
}

describe("real claude through runProvider", () => {
  it("writes _signal.json with its own Write tool; reports exit 0, session id, tokens and cost", async () => {
    const run = await runCli("claude", writeSignal());
    const { result } = run;
    expect(result).toMatchObject({
      kind: "exited",
      exitCode: 0,
      isError: false,
      finalText: "Signal written.",
    });
    expect(result.errorKind).toBeUndefined();
    await expectSignalWritten(run);
    // Two model calls of the scripted usage each, as the result line totals them.
    expect(result.tokens).toEqual({ input: 2400, output: 80, cacheRead: 600, cacheWrite: 200 });
    expect(result.costUsd).toBeGreaterThan(0);
    expect(result.turns).toBe(2);
    const sessionHeader = run.api.mainRequests()[0]?.headers["x-claude-code-session-id"];
    expect(result.conversationId).toMatch(/^[0-9a-f-]{36}$/);
    expect(result.conversationId).toBe(sessionHeader);
    expect(run.events).toContainEqual(expect.objectContaining({ type: "tool-call", name: "Write" }));
    await expectRawLog(run, "system", "result");
    // The test env has no IS_SANDBOX: as root, the bypass only worked because the runner set it.
    if (process.getuid?.() === 0) expect(result.notes.join("\n")).toContain("IS_SANDBOX=1");
  });

  it("sends the appended system prompt and the agent (prompt and tool list) to the model", async () => {
    const run = await runCli("claude", writeSignal());
    expect(run.result.kind).toBe("exited");
    const body = run.api.mainRequests()[0]?.body as {
      system: unknown;
      tools: { name: string }[];
      model: string;
    };
    const system = JSON.stringify(body.system);
    expect(system).toContain(SYSTEM_MARK);
    expect(system).toContain(AGENT_MARK);
    // The agent's `tools` narrow the offered list (claude adds a placeholder for deferred tools).
    const offered = (body.tools ?? [])
      .map((tool) => tool.name)
      .filter((name) => name !== "DeferredToolPlaceholder");
    expect(offered.sort()).toEqual(["Bash", "Read", "Write"]);
    expect(body.model).toBe(CLAUDE_TEST_MODEL);
    expect(JSON.stringify(body)).toContain(PROMPT_MARK);
  });

  it.each([
    ["overload", httpError(529, { type: "overloaded_error", message: "Overloaded" })],
    ["overload", () => ({ turns: [{ streamError: { type: "overloaded_error", message: "Overloaded" } }] })],
    ["auth", httpError(401, { type: "authentication_error", message: "invalid x-api-key" })],
    ["rate_limit", httpError(429, { type: "rate_limit_error", message: "Too many requests" })],
  ] as const)("an API error ends the run at once and is reported as %s", async (kind, script) => {
    const run = await runCli("claude", script);
    expect(run.result).toMatchObject({ kind: "exited", exitCode: 1, isError: true, errorKind: kind });
    expect(run.result.conversationId).toMatch(/^[0-9a-f-]{36}$/);
    expect((await readSignal(run.sessionDir)).kind).toBe("missing");
    // CLAUDE_CODE_MAX_RETRIES=0: one streamed attempt (plus claude's one non-streaming fallback after a stream error).
    expect(run.api.mainRequests().length).toBeLessThanOrEqual(2);
  });

  it("resumes the conversation by id: same session, the earlier exchange reaches the model", async () => {
    await expectResume("claude");
  });

  it("reports the turn limit as max_turns", async () => {
    const bash = (command: string) => ({ tool: { name: "Bash", input: { command, description: command } } });
    const run = await runCli("claude", () => ({ turns: [bash("echo one"), bash("echo two")] }), {
      maxTurns: 1,
    });
    expect(run.result).toMatchObject({ kind: "exited", exitCode: 1, isError: true, errorKind: "max_turns" });
  });
});

describe("real codex through runProvider", () => {
  it.each([
    ["its shell tool (exec_command)", "command_execution", undefined],
    ["apply_patch", "file_change", "apply_patch"],
  ] as const)(
    "writes _signal.json with %s; reports exit 0, thread id and tokens, no cost",
    async (_, item, tool) => {
      const run = await runCli("codex", writeSignal(tool));
      const { result } = run;
      expect(result).toMatchObject({
        kind: "exited",
        exitCode: 0,
        isError: false,
        finalText: "Signal written.",
      });
      await expectSignalWritten(run);
      // codex counts cached tokens inside input_tokens; the runner reports uncached input.
      expect(result.tokens).toEqual({ input: 2400, output: 80, cacheRead: 600, cacheWrite: 0 });
      expect(result.costUsd).toBeUndefined();
      expect(result.conversationId).toBe(run.api.mainRequests()[0]?.headers["thread-id"]);
      expect(run.events).toContainEqual(expect.objectContaining({ type: "tool-call", name: item }));
      await expectRawLog(run, "thread.started", "turn.completed");
    },
  );

  it("folds the workflow, the agent prompt and the task into the prompt the model gets", async () => {
    const run = await runCli("codex", writeSignal());
    expect(run.result.kind).toBe("exited");
    const body = firstMainBody(run);
    for (const mark of [SYSTEM_MARK, AGENT_MARK, PROMPT_MARK]) expect(JSON.stringify(body)).toContain(mark);
    expect(body.model).toBe(CODEX_TEST_MODEL);
  });

  it.each([
    ["overload", httpError(529, { type: "overloaded", message: "Overloaded" })],
    ["auth", httpError(401, { type: "invalid_request_error", code: "invalid_api_key", message: "bad key" })],
  ] as const)("an API error ends the run at once and is reported as %s", async (kind, script) => {
    const run = await runCli("codex", script);
    expect(run.result).toMatchObject({ kind: "exited", exitCode: 1, isError: true, errorKind: kind });
    expect(run.api.mainRequests()).toHaveLength(1); // request_max_retries = stream_max_retries = 0
  });

  it("reports a usage limit as rate_limit with the reset time codex prints", async () => {
    const resetsAt = 1_900_000_000; // codex prints it as a local wall-clock minute
    const limit = { type: "usage_limit_reached", message: "limit", plan_type: "plus", resets_at: resetsAt };
    const run = await runCli("codex", httpError(429, limit));
    expect(run.result).toMatchObject({ kind: "exited", exitCode: 1, isError: true, errorKind: "rate_limit" });
    const resetAt = Date.parse(run.result.resetAt ?? "");
    expect(Math.abs(resetAt - resetsAt * 1000)).toBeLessThan(60_000);
  });

  it("resumes the thread by id: same thread, the earlier exchange reaches the model", async () => {
    await expectResume("codex");
  });

  it("hangs on an unreachable model API until our timeout ends it", async () => {
    const run = await runCli("codex", writeSignal(), { baseUrl: CLOSED_PORT_URL, timeoutMs: 4_000 });
    expect(run.result.kind).toBe("timed-out");
    expect(run.events).toContainEqual(expect.objectContaining({ type: "error", fatal: false }));
    expect(groupAlive(run.result.pgid)).toBe(false);
  });
});
