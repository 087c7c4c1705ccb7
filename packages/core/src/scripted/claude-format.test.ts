import { describe, expect, it } from "vitest";
import { createClaudeFormat } from "./claude-format.ts";
import { TEST_NOW, testFormatContext } from "./format-test-context.ts";

const claude = (overrides = {}) => createClaudeFormat(testFormatContext(overrides));

describe("claude stream-json format", () => {
  it("starts with the system init event carrying the session id, cwd, tools and model", () => {
    const args = ["-p", "x", "--dangerously-skip-permissions", "--agents", '{"planner":{}}'];
    const [init] = claude({ model: "claude-opus-4-1", cliArgs: args }).init();
    expect(init).toMatchObject({
      type: "system",
      subtype: "init",
      session_id: "sess-1",
      cwd: "/work/tree",
      model: "claude-opus-4-1",
      permissionMode: "bypassPermissions",
      agents: ["general-purpose", "Explore", "Plan", "planner"],
    });
    expect(init?.tools).toContain("Write");
  });

  it("prints assistant text as an assistant message", () => {
    expect(claude().say("hello")).toEqual([
      {
        type: "assistant",
        message: {
          id: "msg_id1",
          type: "message",
          role: "assistant",
          model: "claude-sonnet-4-5",
          content: [{ type: "text", text: "hello" }],
          stop_reason: null,
          usage: {
            input_tokens: 0,
            cache_creation_input_tokens: 0,
            cache_read_input_tokens: 0,
            output_tokens: 0,
          },
        },
        parent_tool_use_id: null,
        session_id: "sess-1",
        uuid: "id-2",
        timestamp: new Date(TEST_NOW).toISOString(),
      },
    ]);
  });

  it("prints a tool call as assistant tool_use then user tool_result with the same id", () => {
    const [use, result] = claude().tool({
      kind: "call",
      name: "Bash",
      input: { command: "ls" },
      output: "a.txt",
    });
    expect(use?.message).toMatchObject({
      content: [{ type: "tool_use", id: "toolu_id1", name: "Bash", input: { command: "ls" } }],
    });
    expect(result).toMatchObject({
      type: "user",
      message: {
        role: "user",
        content: [{ type: "tool_result", tool_use_id: "toolu_id1", content: "a.txt" }],
      },
      session_id: "sess-1",
    });
  });

  it("reports a written file as the Write tool with the CLI's own result text", () => {
    const format = claude();
    const [created, createdResult] = format.tool({
      kind: "write",
      path: "/w/a.md",
      content: "x",
      created: true,
    });
    expect(created?.message).toMatchObject({
      content: [{ name: "Write", input: { file_path: "/w/a.md", content: "x" } }],
    });
    expect(createdResult?.message).toMatchObject({
      content: [{ content: "File created successfully at: /w/a.md" }],
    });
    const [, updated] = format.tool({ kind: "write", path: "/w/a.md", content: "y", created: false });
    expect(updated?.message).toMatchObject({
      content: [{ content: "The file /w/a.md has been updated successfully." }],
    });
  });

  it("ends with a result carrying text, turns, cost and usage", () => {
    const format = claude();
    format.say("all done");
    format.tool({ kind: "call", name: "Bash", input: {}, output: undefined });
    const [result] = format.result({
      costUsd: 0.25,
      inputTokens: 10,
      outputTokens: 5,
      cacheReadTokens: 3,
      cacheWriteTokens: 2,
    });
    expect(result).toMatchObject({
      type: "result",
      subtype: "success",
      is_error: false,
      num_turns: 2,
      result: "all done",
      session_id: "sess-1",
      total_cost_usd: 0.25,
      usage: {
        input_tokens: 10,
        output_tokens: 5,
        cache_read_input_tokens: 3,
        cache_creation_input_tokens: 2,
      },
      duration_ms: 0,
    });
  });

  it("lets the script set the result's text, turns, subtype and error flag", () => {
    const [result] = claude().result({
      text: "t",
      turns: 7,
      subtype: "error_during_execution",
      isError: true,
    });
    expect(result).toMatchObject({
      result: "t",
      num_turns: 7,
      subtype: "error_during_execution",
      is_error: true,
    });
  });

  it("ends an API error with a synthetic message and an is_error result of subtype success", () => {
    const [message, result] = claude().error({ kind: "rate_limit", resetInSeconds: 90 });
    const text = `Claude AI usage limit reached|${TEST_NOW / 1000 + 90}`;
    expect(message).toMatchObject({
      type: "assistant",
      error: "rate_limit",
      message: { model: "<synthetic>", content: [{ text }] },
    });
    expect(result).toMatchObject({
      type: "result",
      subtype: "success",
      is_error: true,
      result: text,
      api_error_status: 429,
    });
  });

  it("uses the CLI's texts for overload and auth errors, or the script's message", () => {
    const format = claude();
    expect(format.error({ kind: "overload" })[1]?.result).toBe(
      'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
    );
    expect(format.error({ kind: "auth" })[1]?.result).toBe("Invalid API key · Please run /login");
    expect(format.error({ kind: "other", message: "boom" })[1]?.result).toBe("boom");
  });

  it("ends max turns with an error_max_turns result and no text", () => {
    const events = claude().error({ kind: "max_turns" });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: "result",
      subtype: "error_max_turns",
      is_error: true,
      num_turns: 1,
    });
    expect(events[0]).not.toHaveProperty("result");
  });
});
