import { describe, expect, it } from "vitest";
import { ASSETS } from "../prompt/assets.ts";
import { buildClaudeInvocation, createClaudeParser, ROOT_NOTE } from "./claude-provider.ts";
import { MAX_ARGV_PROMPT_BYTES } from "./provider-definition.ts";
import { parseAll, request } from "./test-fixtures/requests.ts";

const SESSION = "3afc6188-10fa-404b-8d8a-be223e5a9d2a";
const user = { isRoot: false };

describe("claude command line", () => {
  it("prints a stream-json run with every requested flag and the prompt last, after --", () => {
    const agents = {
      investigator: { description: "Investigates", prompt: "You investigate.", tools: ["Read"] },
    };
    const method = { pluginDir: "/opt/samocode/plugin", promptText: "unused by claude" };
    const { command, args, stdin } = buildClaudeInvocation(
      request({ model: "opus", maxTurns: 40, agents, agent: "investigator", method }),
      user,
    );
    expect(command).toBe("claude");
    expect(args).toEqual([
      "-p",
      "--output-format",
      "stream-json",
      "--verbose",
      "--dangerously-skip-permissions",
      "--model",
      "opus",
      "--max-turns",
      "40",
      "--append-system-prompt",
      "# Workflow\nRead _hook.json first.",
      "--agents",
      JSON.stringify(agents),
      "--agent",
      "investigator",
      "--plugin-dir",
      "/opt/samocode/plugin",
      "--",
      "Do the next step.",
    ]);
    expect(stdin).toBe("ignore");
  });

  it("resumes a conversation by id and leaves optional flags out; the method plugin is always loaded", () => {
    const { args } = buildClaudeInvocation(
      request({ resumeConversationId: SESSION, systemPrompt: "" }),
      user,
    );
    expect(args).toEqual([
      "-p",
      "--output-format",
      "stream-json",
      "--verbose",
      "--dangerously-skip-permissions",
      "--plugin-dir",
      ASSETS.pluginDir,
      "--resume",
      SESSION,
      "--",
      "Do the next step.",
    ]);
  });

  it("sets IS_SANDBOX=1 and says so when running as root, nothing otherwise", () => {
    const asRoot = buildClaudeInvocation(request(), { isRoot: true });
    expect(asRoot.env).toEqual({ IS_SANDBOX: "1" });
    expect(asRoot.notes).toEqual([ROOT_NOTE]);
    const asUser = buildClaudeInvocation(request(), user);
    expect(asUser.env).toEqual({});
    expect(asUser.notes).toEqual([]);
  });

  it("shows placeholders instead of prompt texts in the displayed command", () => {
    const { display } = buildClaudeInvocation(
      request({ agents: { a: { description: "d", prompt: "p" } } }),
      user,
    );
    expect(display.join(" ")).not.toContain("Do the next step.");
    expect(display.join(" ")).not.toContain("Read _hook.json");
    expect(display).toContain("<prompt: 17 chars>");
  });

  it("passes a prompt too long for one argv string on stdin instead", () => {
    const prompt = "x".repeat(MAX_ARGV_PROMPT_BYTES + 1);
    const { args, stdin } = buildClaudeInvocation(request({ prompt }), user);
    expect(args).not.toContain(prompt);
    expect(args).not.toContain("--");
    expect(stdin).toEqual({ text: prompt });
  });

  it("uses the requested executable", () => {
    expect(buildClaudeInvocation(request({ executable: "/opt/claude" }), user).command).toBe("/opt/claude");
  });
});

const init = {
  type: "system",
  subtype: "init",
  cwd: "/w",
  session_id: SESSION,
  model: "claude-opus",
  tools: [],
};
const usage = (input: number, output: number) => ({
  input_tokens: input,
  output_tokens: output,
  cache_read_input_tokens: 5,
  cache_creation_input_tokens: 7,
});
const assistant = (id: string, content: unknown[], u = usage(10, 2)) => ({
  type: "assistant",
  message: { id, role: "assistant", content, usage: u },
  session_id: SESSION,
});
const result = (fields: Record<string, unknown>) => ({
  type: "result",
  subtype: "success",
  is_error: false,
  num_turns: 3,
  result: "All done.",
  session_id: SESSION,
  total_cost_usd: 0.0421,
  usage: usage(100, 50),
  duration_ms: 1234,
  ...fields,
});

const results = (lines: unknown[]) =>
  parseAll(createClaudeParser(), lines).filter((event) => (event as { type: string }).type === "result");

describe("claude stream-json parser", () => {
  it("turns a run into session, text, tool call and result, usage, and final result events", () => {
    const events = parseAll(createClaudeParser(), [
      init,
      assistant("msg_1", [{ type: "text", text: "Reading the hook." }]),
      assistant("msg_1", [
        { type: "tool_use", id: "toolu_1", name: "Write", input: { file_path: "/w/_signal.json" } },
      ]),
      {
        type: "user",
        message: {
          role: "user",
          content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "Wrote it" }],
        },
        session_id: SESSION,
      },
      assistant(
        "msg_2",
        [{ type: "tool_use", id: "toolu_2", name: "Bash", input: { command: "npm test" } }],
        usage(20, 4),
      ),
      result({}),
    ]);
    expect(events).toEqual([
      { type: "session", conversationId: SESSION, model: "claude-opus" },
      { type: "text", text: "Reading the hook." },
      { type: "usage", tokens: { input: 10, output: 2, cacheRead: 5, cacheWrite: 7 } },
      { type: "tool-call", id: "toolu_1", name: "Write", target: "/w/_signal.json" },
      { type: "usage", tokens: { input: 10, output: 2, cacheRead: 5, cacheWrite: 7 } },
      { type: "tool-result", id: "toolu_1", isError: false, output: "Wrote it" },
      { type: "tool-call", id: "toolu_2", name: "Bash", target: "npm test" },
      { type: "usage", tokens: { input: 30, output: 6, cacheRead: 10, cacheWrite: 14 } },
      {
        type: "result",
        isError: false,
        text: "All done.",
        costUsd: 0.0421,
        tokens: { input: 100, output: 50, cacheRead: 5, cacheWrite: 7 },
        turns: 3,
        subtype: "success",
      },
    ]);
  });

  it("judges an API error by is_error although its subtype says success", () => {
    const text = 'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}';
    const [event] = results([result({ is_error: true, result: text, api_error_status: 529 })]);
    expect(event).toMatchObject({ type: "result", isError: true, subtype: "success", errorKind: "overload" });
  });

  it("reads a usage limit's reset time from the `|<unix seconds>` suffix", () => {
    const [event] = results([result({ is_error: true, result: "Claude AI usage limit reached|1767225600" })]);
    expect(event).toMatchObject({ errorKind: "rate_limit", resetAt: "2026-01-01T00:00:00.000Z" });
  });

  it("classifies auth failures and max turns", () => {
    const [auth, maxTurns] = results([
      result({ is_error: true, result: "Invalid API key · Please run /login" }),
      result({
        subtype: "error_max_turns",
        is_error: false,
        result: undefined,
        errors: ["Reached maximum number of turns (1)"],
      }),
    ]);
    expect(auth).toMatchObject({ isError: true, errorKind: "auth" });
    expect(maxTurns).toMatchObject({
      isError: true,
      errorKind: "max_turns",
      subtype: "error_max_turns",
      errorMessage: "Reached maximum number of turns (1)",
    });
  });

  it("reports a rejected rate_limit_event's reset time", () => {
    const line = { type: "rate_limit_event", rate_limit_info: { status: "rejected", resetsAt: 1767225600 } };
    const allowed = {
      type: "rate_limit_event",
      rate_limit_info: { status: "allowed", resetsAt: 1767225600 },
    };
    expect(parseAll(createClaudeParser(), [allowed, line])).toEqual([
      { type: "rate-limit", resetAt: "2026-01-01T00:00:00.000Z" },
    ]);
  });

  it("reports non-JSON lines as noise and ignores blank lines and unknown event types", () => {
    const events = parseAll(createClaudeParser(), ["", "Warning: something", { type: "stream_event" }]);
    expect(events).toEqual([{ type: "noise", text: "Warning: something" }]);
  });
});
