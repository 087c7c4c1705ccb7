// Claude Code's `-p --output-format stream-json --verbose` events, shaped as 2.1.x prints them.
import type {
  ErrorArgs,
  EventFormat,
  FormatContext,
  ResultArgs,
  StreamEvent,
  ToolUse,
} from "./event-format.ts";
import { resetAtSeconds } from "./event-format.ts";
import { flagValue } from "./invocation.ts";
import type { ScriptErrorKind } from "./script-schema.ts";

const CLAUDE_VERSION = "2.1.329";
const DEFAULT_MODEL = "claude-sonnet-4-5";
const TOOLS = [
  "Task",
  "Bash",
  "Edit",
  "Glob",
  "Grep",
  "NotebookEdit",
  "Read",
  "TodoWrite",
  "WebFetch",
  "Write",
];

type ApiError = { status: number; error: string; text: string };

/** Texts and fields of the synthetic assistant message and result Claude Code ends an API error with. */
function apiError(kind: Exclude<ScriptErrorKind, "max_turns">, args: ErrorArgs, context: FormatContext) {
  const byKind: Record<typeof kind, ApiError> = {
    rate_limit: {
      status: 429,
      error: "rate_limit",
      text:
        args.resetInSeconds === undefined
          ? "Claude AI usage limit reached"
          : `Claude AI usage limit reached|${resetAtSeconds(context, args.resetInSeconds)}`,
    },
    overload: {
      status: 529,
      error: "server_error",
      text: 'API Error: 529 {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}',
    },
    auth: { status: 401, error: "authentication_failed", text: "Invalid API key · Please run /login" },
    other: {
      status: 500,
      error: "unknown",
      text: 'API Error: 500 {"type":"error","error":{"type":"api_error","message":"Internal server error"}}',
    },
  };
  const found = byKind[kind];
  return { ...found, text: args.message ?? found.text };
}

function writeToolResult(use: Extract<ToolUse, { kind: "write" }>): string {
  return use.created
    ? `File created successfully at: ${use.path}`
    : `The file ${use.path} has been updated successfully.`;
}

export function createClaudeFormat(context: FormatContext): EventFormat {
  const model = context.model ?? DEFAULT_MODEL;
  const startedAt = context.now();
  const session_id = context.sessionId;
  let toolCalls = 0;
  let lastText: string | undefined;

  const envelope = (event: StreamEvent): StreamEvent => ({
    ...event,
    parent_tool_use_id: null,
    session_id,
    uuid: context.randomId(),
    timestamp: new Date(context.now()).toISOString(),
  });
  const usage = (args: ResultArgs) => ({
    input_tokens: args.inputTokens ?? 0,
    cache_creation_input_tokens: args.cacheWriteTokens ?? 0,
    cache_read_input_tokens: args.cacheReadTokens ?? 0,
    output_tokens: args.outputTokens ?? 0,
  });
  const assistant = (content: StreamEvent[], extra: StreamEvent = {}, messageModel = model) =>
    envelope({
      type: "assistant",
      message: {
        id: `msg_${context.randomId().replaceAll("-", "")}`,
        type: "message",
        role: "assistant",
        model: messageModel,
        content,
        stop_reason: null,
        usage: usage({}),
      },
      ...extra,
    });
  // One API request per tool round trip: the real CLI counts 1 + tool calls for a plain run.
  const turns = (args: { turns?: number | undefined }) => args.turns ?? toolCalls + 1;
  const result = (fields: StreamEvent, args: ResultArgs): StreamEvent => ({
    type: "result",
    ...fields,
    session_id,
    total_cost_usd: args.costUsd ?? 0,
    usage: usage(args),
    duration_ms: context.now() - startedAt,
    duration_api_ms: context.now() - startedAt,
    permission_denials: [],
    uuid: context.randomId(),
  });

  return {
    init: () => [
      {
        type: "system",
        subtype: "init",
        cwd: context.cwd,
        session_id,
        tools: TOOLS,
        mcp_servers: [],
        model,
        permissionMode: permissionMode(context.cliArgs),
        slash_commands: [],
        apiKeySource: "none",
        claude_code_version: CLAUDE_VERSION,
        output_style: "default",
        agents: agentNames(context.cliArgs),
        uuid: context.randomId(),
      },
    ],
    say: (text) => {
      lastText = text;
      return [assistant([{ type: "text", text }])];
    },
    tool: (use) => {
      toolCalls += 1;
      const id = `toolu_${context.randomId().replaceAll("-", "").slice(0, 24)}`;
      const [name, input, output] =
        use.kind === "write"
          ? ["Write", { file_path: use.path, content: use.content }, writeToolResult(use)]
          : [use.name, use.input, use.output ?? ""];
      const toolResult = { tool_use_id: id, type: "tool_result", content: output };
      return [
        assistant([{ type: "tool_use", id, name, input }]),
        envelope({ type: "user", message: { role: "user", content: [toolResult] } }),
      ];
    },
    result: (args) => [
      result(
        {
          subtype: args.subtype ?? "success",
          is_error: args.isError ?? false,
          num_turns: turns(args),
          result: args.text ?? lastText ?? "",
          stop_reason: "end_turn",
          terminal_reason: "completed",
        },
        args,
      ),
    ],
    error: (args) => {
      if (args.kind === "max_turns") {
        const errors = [args.message ?? `Reached maximum number of turns (${turns({})})`];
        const fields = { subtype: "error_max_turns", is_error: true, num_turns: turns({}) };
        return [result({ ...fields, stop_reason: "tool_use", terminal_reason: "max_turns", errors }, {})];
      }
      const api = apiError(args.kind, args, context);
      const marker = { error: api.error, is_api_error_message: true, api_error_status: api.status };
      const fields = { subtype: "success", is_error: true, num_turns: turns({}), result: api.text };
      return [
        assistant([{ type: "text", text: api.text }], marker, "<synthetic>"),
        result(
          {
            ...fields,
            api_error_status: api.status,
            stop_reason: "stop_sequence",
            terminal_reason: "api_error",
          },
          {},
        ),
      ];
    },
  };
}

function permissionMode(args: readonly string[]): string {
  if (args.includes("--dangerously-skip-permissions")) return "bypassPermissions";
  return flagValue(args, ["--permission-mode"]) ?? "default";
}

function agentNames(args: readonly string[]): string[] {
  const builtIn = ["general-purpose", "Explore", "Plan"];
  const json = flagValue(args, ["--agents"]);
  if (json === undefined) return builtIn;
  try {
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === "object" && parsed !== null ? [...builtIn, ...Object.keys(parsed)] : builtIn;
  } catch {
    // `--agents` may also name a file; the agent list is decoration, so a path just adds nothing.
    return builtIn;
  }
}
