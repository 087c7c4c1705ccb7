import { describe, expect, it } from "vitest";
import { buildCodexInvocation, createCodexParser } from "./codex-provider.ts";
import { MAX_ARGV_PROMPT_BYTES } from "./provider-definition.ts";
import { parseAll, request } from "./test-fixtures/requests.ts";

const THREAD = "01a1fc82-97ed-7860-b288-ab7b0117b01e";
const agents = { planner: { description: "Plans", prompt: "You are the planner." } };

describe("codex command line", () => {
  it("runs exec with JSON events, no sandbox, the worktree as root and the folded prompt last", () => {
    const { command, args, stdin } = buildCodexInvocation(
      request({ provider: "codex", model: "gpt-5-codex", reasoningEffort: "high", agents, agent: "planner" }),
    );
    expect(command).toBe("codex");
    expect(args).toEqual([
      "exec",
      "--json",
      "--skip-git-repo-check",
      "--dangerously-bypass-approvals-and-sandbox",
      "-m",
      "gpt-5-codex",
      "-c",
      "model_reasoning_effort=high",
      "-C",
      "/work/tree",
      "--",
      "You are the planner.\n\n# Workflow\nRead _hook.json first.\n\nDo the next step.",
    ]);
    // Never an open pipe: codex would wait for EOF on it forever.
    expect(stdin).toBe("ignore");
  });

  it("resumes with the exec flags before `resume <id>` (exec resume itself rejects -C)", () => {
    const { args } = buildCodexInvocation(request({ provider: "codex", resumeConversationId: THREAD }));
    expect(args.slice(4)).toEqual(["-C", "/work/tree", "resume", THREAD, "--", expect.any(String)]);
  });

  it("reads a prompt too long for argv from stdin via `-`", () => {
    const prompt = "y".repeat(MAX_ARGV_PROMPT_BYTES);
    const { args, stdin } = buildCodexInvocation(request({ provider: "codex", prompt }));
    expect(args.at(-1)).toBe("-");
    expect(stdin).toEqual({ text: `# Workflow\nRead _hook.json first.\n\n${prompt}` });
  });

  it("folds the method's text after the phase agent, since codex loads no plugin per run", () => {
    const method = {
      pluginDir: "/opt/samocode/plugin",
      promptText: "## Skill samocode:create-plan\n\nSteps.",
    };
    const { args } = buildCodexInvocation(request({ provider: "codex", agents, agent: "planner", method }));
    expect(args.at(-1)).toBe(
      "You are the planner.\n\n## Skill samocode:create-plan\n\nSteps.\n\n# Workflow\nRead _hook.json first.\n\nDo the next step.",
    );
    expect(args.join(" ")).not.toContain("/opt/samocode/plugin");
  });

  it("needs no extra environment", () => {
    expect(buildCodexInvocation(request({ provider: "codex" })).env).toEqual({});
  });
});

const command = (status: string, extra: Record<string, unknown> = {}) => ({
  id: "item_1",
  type: "command_execution",
  command: "/bin/bash -lc 'npm test'",
  aggregated_output: "",
  exit_code: null,
  status,
  ...extra,
});

describe("codex JSONL parser", () => {
  it("reads a thread: id, commands, file changes, messages, usage and the completed turn", () => {
    const events = parseAll(createCodexParser(), [
      { type: "thread.started", thread_id: THREAD },
      { type: "turn.started" },
      { type: "item.started", item: command("in_progress") },
      { type: "item.completed", item: command("completed", { aggregated_output: "ok\n", exit_code: 0 }) },
      {
        type: "item.completed",
        item: {
          id: "item_2",
          type: "file_change",
          changes: [{ path: "_signal.json", kind: "add" }],
          status: "completed",
        },
      },
      { type: "item.completed", item: { id: "item_3", type: "reasoning", text: "thinking" } },
      { type: "item.completed", item: { id: "item_4", type: "agent_message", text: "Signal written." } },
      {
        type: "turn.completed",
        usage: {
          input_tokens: 1200,
          cached_input_tokens: 200,
          cache_write_input_tokens: 100,
          output_tokens: 80,
        },
      },
    ]);
    const tokens = { input: 900, output: 80, cacheRead: 200, cacheWrite: 100 };
    expect(events).toEqual([
      { type: "session", conversationId: THREAD },
      { type: "tool-call", id: "item_1", name: "command_execution", target: "/bin/bash -lc 'npm test'" },
      { type: "tool-result", id: "item_1", isError: false, output: "ok\n" },
      { type: "tool-call", id: "item_2", name: "file_change", target: "_signal.json" },
      { type: "tool-result", id: "item_2", isError: false },
      { type: "text", text: "Signal written." },
      { type: "usage", tokens },
      { type: "result", isError: false, tokens, turns: 1, text: "Signal written." },
    ]);
  });

  it("marks a failed command as an erroring tool result", () => {
    const events = parseAll(createCodexParser(), [
      { type: "item.completed", item: command("failed", { aggregated_output: "boom", exit_code: 2 }) },
    ]);
    expect(events.at(-1)).toEqual({ type: "tool-result", id: "item_1", isError: true, output: "boom" });
  });

  it("keeps reconnect notices non-fatal and fails the turn on turn.failed with the reset time", () => {
    const now = Date.now();
    const message = "You've hit your usage limit. Try again in 90 seconds.";
    const events = parseAll(createCodexParser(), [
      { type: "error", message: "Reconnecting... 1/5 (stream disconnected before completion)" },
      { type: "error", message },
      { type: "turn.failed", error: { message } },
    ]);
    expect(events[0]).toMatchObject({ type: "error", fatal: false, errorKind: "other" });
    expect(events[2]).toMatchObject({
      type: "result",
      isError: true,
      errorKind: "rate_limit",
      errorMessage: message,
    });
    const resetAt = Date.parse((events[2] as { resetAt: string }).resetAt);
    expect(resetAt - now).toBeGreaterThanOrEqual(89_000);
    expect(resetAt - now).toBeLessThan(95_000);
  });

  it("classifies overload and auth failures", () => {
    const [overload, auth] = parseAll(createCodexParser(), [
      { type: "turn.failed", error: { message: "stream error: 529 Overloaded" } },
      { type: "turn.failed", error: { message: "401 Unauthorized" } },
    ]);
    expect(overload).toMatchObject({ errorKind: "overload" });
    expect(auth).toMatchObject({ errorKind: "auth" });
  });
});
