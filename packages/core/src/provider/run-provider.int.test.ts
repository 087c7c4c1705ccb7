import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { describe, expect, it } from "vitest";
import { decideRetry } from "./retry-policy.ts";
import { runProvider } from "./run-provider.ts";
import { groupGone, readText, scriptedAttempt } from "./test-fixtures/scripted-attempt.ts";

const isRoot = process.getuid?.() === 0;
const argvOf = (record: Record<string, unknown> | undefined): string[] =>
  (record?.argv as string[] | undefined) ?? [];
const success = {
  result: {
    text: "Signal written.",
    costUsd: 0.25,
    inputTokens: 120,
    outputTokens: 30,
    cacheReadTokens: 7,
    turns: 4,
  },
};

describe("runProvider with the scripted claude", () => {
  it("reports events, conversation id, tokens, cost and turns of a successful run, and logs the raw stream", async () => {
    const attempt = await scriptedAttempt([
      { init: { id: "conv-1" } },
      { say: "Working on it." },
      { tool: { name: "Write", input: { file_path: "_signal.json", content: "{}" }, output: "ok" } },
      success,
    ]);
    const result = await runProvider(attempt.request);
    expect(result).toMatchObject({
      kind: "exited",
      exitCode: 0,
      conversationId: "conv-1",
      finalText: "Signal written.",
      costUsd: 0.25,
      tokens: { input: 120, output: 30, cacheRead: 7, cacheWrite: 0 },
      turns: 4,
      isError: false,
      logFile: attempt.request.logFile,
    });
    expect(result).not.toHaveProperty("errorKind");
    expect(attempt.events.map((event) => event.type)).toEqual(
      expect.arrayContaining(["session", "text", "tool-call", "tool-result", "result"]),
    );
    expect(attempt.events).toContainEqual(
      expect.objectContaining({ type: "tool-call", target: "_signal.json" }),
    );
    expect(result.eventCount).toBe(attempt.events.length);
    const log = await readText(attempt.request.logFile);
    expect(log.trim().split("\n").at(-1)).toContain('"type":"result"');
    expect(result.command).toContain("--dangerously-skip-permissions");
    expect(result.command.join(" ")).not.toContain("Do the next step.");
    expect(await groupGone(result.pgid)).toBe(true);
  });

  it("passes the documented flags, the worktree as cwd, the scrubbed env with SAMOCODE_* and stdin closed", async () => {
    const attempt = await scriptedAttempt([success]);
    const env: NodeJS.ProcessEnv = {
      ...attempt.request.env,
      CLAUDECODE: "1",
      CLAUDE_CODE_ENTRYPOINT: "cli",
      CLAUDE_CODE_SSE_PORT: "41234",
      CODEX_SANDBOX: "seatbelt",
      AI_AGENT: "claude-code/2.1/agent",
      ANTHROPIC_BASE_URL: "http://127.0.0.1:9/gateway",
      HTTPS_PROXY: "http://proxy.invalid:3128",
    };
    delete env.IS_SANDBOX;
    const result = await runProvider({ ...attempt.request, env, model: "opus", maxTurns: 12 });
    expect(result.kind).toBe("exited");
    const [record] = await attempt.records();
    const seen = record?.env as Record<string, string | undefined>;
    for (const name of [
      "CLAUDECODE",
      "CLAUDE_CODE_ENTRYPOINT",
      "CLAUDE_CODE_SSE_PORT",
      "CODEX_SANDBOX",
      "AI_AGENT",
    ]) {
      expect(seen[name], name).toBeUndefined();
    }
    expect(seen).toMatchObject({
      ANTHROPIC_BASE_URL: "http://127.0.0.1:9/gateway",
      HTTPS_PROXY: "http://proxy.invalid:3128",
      SAMOCODE_SESSION: "demo",
      SAMOCODE_SESSION_DIR: attempt.request.sessionDir,
    });
    expect(seen.IS_SANDBOX).toBe(isRoot ? "1" : undefined);
    expect(result.notes.some((note) => note.includes("IS_SANDBOX=1"))).toBe(isRoot);
    expect(record).toMatchObject({ cwd: attempt.dir, stdin: "", pid: result.pid, pgid: result.pgid });
    expect(record?.argv).toEqual(
      expect.arrayContaining([
        "-p",
        "--output-format",
        "stream-json",
        "--verbose",
        "--model",
        "opus",
        "--max-turns",
        "12",
      ]),
    );
    expect(argvOf(record).slice(-2)).toEqual(["--", "Do the next step."]);
  });

  it("reports a non-zero exit after an error result: exit code, is_error and its kind", async () => {
    const attempt = await scriptedAttempt(["init", { error: { kind: "overload" } }, { exit: 1 }]);
    const result = await runProvider(attempt.request);
    expect(result).toMatchObject({ kind: "exited", exitCode: 1, isError: true, errorKind: "overload" });
    expect(result.errorMessage).toContain("529");
  });

  it("reports a non-zero exit without any result, with the stderr tail", async () => {
    const attempt = await scriptedAttempt(["init", { stderr: "fatal: something broke" }, { exit: 3 }]);
    const result = await runProvider(attempt.request);
    expect(result).toMatchObject({ kind: "exited", exitCode: 3, isError: false, errorKind: "other" });
    expect(result.stderrTail).toContain("fatal: something broke");
    expect(result.errorMessage).toBe("fatal: something broke");
    expect(
      decideRetry(result, 1, { baseDelayMs: 100, maxDelayMs: 1_000, jitter: "full", maxRetries: 2 }),
    ).toMatchObject({ action: "retry" });
  });

  it("turns a usage limit into rate_limit with its reset time, which the policy makes a pause", async () => {
    const attempt = await scriptedAttempt([
      "init",
      { error: { kind: "rate_limit", resetInSeconds: 3_600 } },
      { exit: 1 },
    ]);
    const before = Date.now();
    const result = await runProvider(attempt.request);
    expect(result).toMatchObject({ kind: "exited", exitCode: 1, isError: true, errorKind: "rate_limit" });
    const resetAt = Date.parse(result.resetAt ?? "");
    expect(resetAt - before).toBeGreaterThan(3_500_000);
    expect(resetAt - before).toBeLessThan(3_700_000);
    const decision = decideRetry(result, 9, {
      baseDelayMs: 100,
      maxDelayMs: 1_000,
      jitter: "full",
      maxRetries: 2,
    });
    expect(decision).toEqual({ action: "pause", until: result.resetAt, reason: expect.any(String) });
  });

  it("resumes a conversation with --resume and keeps its id", async () => {
    const attempt = await scriptedAttempt(["init", success]);
    const result = await runProvider({ ...attempt.request, resumeConversationId: "conv-earlier" });
    expect(result.conversationId).toBe("conv-earlier");
    const [record] = await attempt.records();
    expect(record?.argv).toEqual(expect.arrayContaining(["--resume", "conv-earlier"]));
  });

  it("tells onSpawn the pid and process group before the run ends; a throwing listener is only noted", async () => {
    const attempt = await scriptedAttempt(["init", success]);
    const seen: { pid: number; pgid: number }[] = [];
    const result = await runProvider({
      ...attempt.request,
      onSpawn: (ids) => {
        seen.push(ids);
        throw new Error("listener bug");
      },
    });
    expect(result.kind).toBe("exited");
    expect(seen).toEqual([{ pid: result.pid, pgid: result.pgid }]);
    expect(result.notes).toContain("onSpawn threw: listener bug");
  });

  it("never overwrites an existing log: the attempt goes to a numbered sibling", async () => {
    const attempt = await scriptedAttempt(["init", success]);
    await mkdir(dirname(attempt.request.logFile), { recursive: true });
    await writeFile(attempt.request.logFile, "earlier evidence\n");
    const result = await runProvider(attempt.request);
    expect(result.logFile).toBe(attempt.request.logFile.replace(/\.jsonl$/, ".2.jsonl"));
    expect(await readText(attempt.request.logFile)).toBe("earlier evidence\n");
    expect(await readText(result.logFile)).toContain('"type":"result"');
  });

  it("returns failed, naming the command, when the executable does not exist", async () => {
    const attempt = await scriptedAttempt([success]);
    const result = await runProvider({ ...attempt.request, executable: "no-such-provider-cli" });
    expect(result.kind).toBe("failed");
    if (result.kind !== "failed") return;
    expect(result.reason).toContain("no-such-provider-cli");
    expect(result.reason).toContain("ENOENT");
    expect(result.command[0]).toBe("no-such-provider-cli");
    expect(result.pid).toBeUndefined();
  });

  it("runs the `scripted` provider with this Node and the request's script, without any PATH shim", async () => {
    const attempt = await scriptedAttempt(["init", { say: "scripted" }, success]);
    const scriptPath = attempt.request.env?.SAMOCODE_SCRIPT;
    const env = { ...process.env, SAMOCODE_SCRIPT_RECORD: attempt.record };
    const result = await runProvider({
      ...attempt.request,
      provider: "scripted",
      env,
      ...(scriptPath ? { scriptPath } : {}),
    });
    expect(result).toMatchObject({
      kind: "exited",
      exitCode: 0,
      finalText: "Signal written.",
      costUsd: 0.25,
    });
    expect(result.command[0]).toBe(process.execPath);
  });
});

describe("runProvider with the scripted codex", () => {
  it("runs exec with stdin closed and reads its thread id, tokens and last message", async () => {
    const attempt = await scriptedAttempt([{ init: { id: "thread-1" } }, { say: "Done here." }, success], {
      provider: "codex",
      model: "gpt-5-codex",
      reasoningEffort: "low",
    });
    const result = await runProvider(attempt.request);
    expect(result).toMatchObject({
      kind: "exited",
      exitCode: 0,
      conversationId: "thread-1",
      finalText: "Done here.",
      tokens: { input: 113, output: 30, cacheRead: 7, cacheWrite: 0 },
      turns: 1,
      isError: false,
    });
    expect(result).not.toHaveProperty("costUsd");
    const [record] = await attempt.records();
    // "" = stdin was /dev/null (closed); an open pipe would have been recorded as null.
    expect(record?.stdin).toBe("");
    expect(record?.argv).toEqual(
      expect.arrayContaining([
        "exec",
        "--json",
        "--skip-git-repo-check",
        "--dangerously-bypass-approvals-and-sandbox",
      ]),
    );
    expect(record?.argv).toEqual(expect.arrayContaining(["-C", attempt.dir, "-m", "gpt-5-codex"]));
  });

  it("reads a usage limit's `Try again in N seconds` as its reset time", async () => {
    const attempt = await scriptedAttempt(
      ["init", { error: { kind: "rate_limit", resetInSeconds: 120 } }, { exit: 1 }],
      {
        provider: "codex",
      },
    );
    const before = Date.now();
    const result = await runProvider(attempt.request);
    expect(result).toMatchObject({ kind: "exited", exitCode: 1, isError: true, errorKind: "rate_limit" });
    const resetAt = Date.parse(result.resetAt ?? "");
    expect(resetAt - before).toBeGreaterThanOrEqual(119_000);
    expect(resetAt - before).toBeLessThan(180_000);
  });

  it("writes a prompt too long for one argv string to stdin, then closes it", async () => {
    const prompt = `${"p".repeat(150_000)}\nend`;
    const attempt = await scriptedAttempt(["init", success], { provider: "codex", prompt, systemPrompt: "" });
    const result = await runProvider(attempt.request);
    expect(result).toMatchObject({ kind: "exited", exitCode: 0 });
    const [record] = await attempt.records();
    expect(argvOf(record).at(-1)).toBe("-");
    expect(record?.stdin).toBe(prompt);
  });

  it("resumes with `resume <id>` after the exec flags", async () => {
    const attempt = await scriptedAttempt(["init", success], {
      provider: "codex",
      resumeConversationId: "thread-9",
    });
    const result = await runProvider(attempt.request);
    expect(result.conversationId).toBe("thread-9");
    const [record] = await attempt.records();
    const argv = argvOf(record);
    expect(argv.slice(argv.indexOf("resume"), argv.indexOf("resume") + 3)).toEqual([
      "resume",
      "thread-9",
      "--",
    ]);
  });
});

describe("runProvider with the scripted gemini", () => {
  it("reads its session id, streamed text and stats", async () => {
    const attempt = await scriptedAttempt([{ init: { id: "g-1" } }, { say: "All set." }, success], {
      provider: "gemini",
    });
    const result = await runProvider(attempt.request);
    expect(result).toMatchObject({
      kind: "exited",
      exitCode: 0,
      conversationId: "g-1",
      finalText: "All set.",
      tokens: { input: 113, output: 30, cacheRead: 7, cacheWrite: 0 },
      isError: false,
    });
    const [record] = await attempt.records();
    expect(argvOf(record)).toEqual(expect.arrayContaining(["--output-format", "stream-json", "--yolo"]));
    expect((record?.env as Record<string, string> | undefined)?.GEMINI_CLI_TRUST_WORKSPACE).toBe("true");
  });

  it("reads a quota error's reset time", async () => {
    const attempt = await scriptedAttempt(
      ["init", { error: { kind: "rate_limit", resetInSeconds: 600 } }, { exit: 1 }],
      {
        provider: "gemini",
      },
    );
    const before = Date.now();
    const result = await runProvider(attempt.request);
    expect(result).toMatchObject({ kind: "exited", exitCode: 1, isError: true, errorKind: "rate_limit" });
    expect(Date.parse(result.resetAt ?? "") - before).toBeGreaterThanOrEqual(599_000);
  });
});
