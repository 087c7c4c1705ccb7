import { describe, expect, it } from "vitest";
import { TEST_NOW, testFormatContext } from "./format-test-context.ts";
import { createGeminiFormat } from "./gemini-format.ts";

const timestamp = new Date(TEST_NOW).toISOString();
const gemini = (overrides = {}) => createGeminiFormat(testFormatContext(overrides));

describe("gemini stream-json format", () => {
  it("starts with init carrying the session id and model", () => {
    expect(gemini({ model: "gemini-2.5-flash" }).init()).toEqual([
      { type: "init", timestamp, session_id: "sess-1", model: "gemini-2.5-flash" },
    ]);
  });

  it("prints text as assistant message deltas", () => {
    expect(gemini().say("hi")).toEqual([
      { type: "message", timestamp, role: "assistant", content: "hi", delta: true },
    ]);
  });

  it("prints tools as tool_use and tool_result sharing a tool id; a written file as write_file", () => {
    const format = gemini();
    const [use, result] = format.tool({
      kind: "call",
      name: "run_shell_command",
      input: { command: "ls" },
      output: "a",
    });
    expect(use).toMatchObject({
      type: "tool_use",
      tool_name: "run_shell_command",
      parameters: { command: "ls" },
    });
    expect(result).toMatchObject({
      type: "tool_result",
      tool_id: use?.tool_id,
      status: "success",
      output: "a",
    });
    const [write] = format.tool({ kind: "write", path: "/w/a", content: "x", created: true });
    expect(write).toMatchObject({ tool_name: "write_file", parameters: { file_path: "/w/a", content: "x" } });
  });

  it("ends with a result and its stats", () => {
    const format = gemini();
    format.tool({ kind: "call", name: "x", input: {}, output: undefined });
    expect(format.result({ inputTokens: 10, outputTokens: 4, cacheReadTokens: 3 })).toEqual([
      {
        type: "result",
        timestamp,
        status: "success",
        stats: {
          total_tokens: 14,
          input_tokens: 10,
          output_tokens: 4,
          cached: 3,
          input: 7,
          duration_ms: 0,
          tool_calls: 1,
        },
      },
    ]);
  });

  it("ends an error with an error result naming its type", () => {
    const [result] = gemini().error({ kind: "rate_limit", resetInSeconds: 30 });
    expect(result).toMatchObject({
      type: "result",
      status: "error",
      error: { type: "TerminalQuotaError", message: expect.stringContaining("reset after 30s") },
    });
  });
});
