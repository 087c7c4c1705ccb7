import { describe, expect, it } from "vitest";
import { buildGeminiInvocation, createGeminiParser, geminiProvider } from "./gemini-provider.ts";
import { parseAll, request } from "./test-fixtures/requests.ts";

describe("gemini command line", () => {
  it("runs headless with stream-json, yolo approvals, the model and a resumed session", () => {
    const { command, args } = buildGeminiInvocation(
      request({ provider: "gemini", model: "gemini-2.5-pro", resumeConversationId: "abc", systemPrompt: "" }),
    );
    expect(command).toBe("gemini");
    expect(args).toEqual([
      "-p",
      "Do the next step.",
      "--output-format",
      "stream-json",
      "--yolo",
      "-m",
      "gemini-2.5-pro",
      "--resume",
      "abc",
    ]);
  });

  it("keeps a prompt that starts with a dash a value", () => {
    const { args } = buildGeminiInvocation(
      request({ provider: "gemini", prompt: "--help me", systemPrompt: "" }),
    );
    expect(args[0]).toBe("--prompt=--help me");
  });

  it("trusts the worktree unless the user already decided", () => {
    expect(buildGeminiInvocation(request({ provider: "gemini" })).env).toEqual({
      GEMINI_CLI_TRUST_WORKSPACE: "true",
    });
    const decided = request({ provider: "gemini", env: { GEMINI_CLI_TRUST_WORKSPACE: "false" } });
    expect(buildGeminiInvocation(decided).env).toEqual({});
  });

  it("maps its turn-limit and auth exit codes", () => {
    expect(geminiProvider.errorKindForExit?.(53)).toBe("max_turns");
    expect(geminiProvider.errorKindForExit?.(41)).toBe("auth");
    expect(geminiProvider.errorKindForExit?.(1)).toBeUndefined();
  });
});

const at = "2026-11-21T05:00:00.000Z";

describe("gemini stream-json parser", () => {
  it("reads session, streamed text, tools and the result with its stats", () => {
    const events = parseAll(createGeminiParser(), [
      { type: "init", timestamp: at, session_id: "g-1", model: "gemini-2.5-pro" },
      { type: "message", timestamp: at, role: "user", content: "Do it" },
      { type: "message", timestamp: at, role: "assistant", content: "Looking", delta: true },
      {
        type: "tool_use",
        timestamp: at,
        tool_name: "write_file",
        tool_id: "t1",
        parameters: { file_path: "_signal.json" },
      },
      { type: "tool_result", timestamp: at, tool_id: "t1", status: "success", output: "written" },
      { type: "message", timestamp: at, role: "assistant", content: "Done", delta: true },
      { type: "message", timestamp: at, role: "assistant", content: ".", delta: true },
      {
        type: "result",
        timestamp: at,
        status: "success",
        stats: {
          total_tokens: 130,
          input_tokens: 100,
          output_tokens: 30,
          cached: 40,
          input: 60,
          tool_calls: 1,
        },
      },
    ]);
    expect(events).toEqual([
      { type: "session", conversationId: "g-1", model: "gemini-2.5-pro" },
      { type: "text", text: "Looking" },
      { type: "tool-call", id: "t1", name: "write_file", target: "_signal.json" },
      { type: "tool-result", id: "t1", isError: false, output: "written" },
      { type: "text", text: "Done" },
      { type: "text", text: "." },
      {
        type: "result",
        isError: false,
        text: "Done.",
        tokens: { input: 60, output: 30, cacheRead: 40, cacheWrite: 0 },
      },
    ]);
  });

  it("reads an error result and fatal error events", () => {
    const [fatal, failed] = parseAll(createGeminiParser(), [
      { type: "error", timestamp: at, severity: "error", message: "Quota exceeded. Please retry in 30s." },
      {
        type: "result",
        timestamp: at,
        status: "error",
        error: { type: "ApiError", message: "429 Too Many Requests" },
      },
    ]);
    expect(fatal).toMatchObject({ type: "error", fatal: true, errorKind: "rate_limit" });
    expect(failed).toMatchObject({ type: "result", isError: true, errorKind: "rate_limit" });
  });
});
