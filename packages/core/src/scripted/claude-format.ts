// Claude Code's `-p --output-format stream-json --verbose` stream: script steps mapped onto its events.
import {
  type ClaudeRun,
  claudeAssistant,
  claudeInit,
  claudeResult,
  claudeToolResult,
} from "./claude-events.ts";
import type { ErrorArgs, EventFormat, FormatContext, StreamEvent, ToolUse } from "./event-format.ts";
import { resetAtSeconds } from "./event-format.ts";
import type { ScriptErrorKind } from "./script-schema.ts";

const DEFAULT_MODEL = "claude-sonnet-4-5";

type ApiErrorKind = Exclude<ScriptErrorKind, "max_turns">;
type ApiError = { status: number; error: string; text: string };

const API_ERRORS: Record<Exclude<ApiErrorKind, "rate_limit">, ApiError> = {
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

/** The subscription usage-limit text carries the reset time as unix seconds after a `|`. */
function apiError(kind: ApiErrorKind, args: ErrorArgs, context: FormatContext): ApiError {
  const found =
    kind === "rate_limit"
      ? {
          status: 429,
          error: "rate_limit",
          text:
            args.resetInSeconds === undefined
              ? "Claude AI usage limit reached"
              : `Claude AI usage limit reached|${resetAtSeconds(context, args.resetInSeconds)}`,
        }
      : API_ERRORS[kind];
  return { ...found, text: args.message ?? found.text };
}

function toolCall(use: ToolUse): { name: string; input: Record<string, unknown>; output: string } {
  if (use.kind === "call") return { name: use.name, input: use.input, output: use.output ?? "" };
  const output = use.created
    ? `File created successfully at: ${use.path}`
    : `The file ${use.path} has been updated successfully.`;
  return { name: "Write", input: { file_path: use.path, content: use.content }, output };
}

/** An API error ends with a synthetic assistant message and an `is_error` result of subtype success. */
function errorEvents(run: ClaudeRun, args: ErrorArgs, turns: number): StreamEvent[] {
  if (args.kind === "max_turns") {
    const errors = [args.message ?? `Reached maximum number of turns (${turns})`];
    const fields = { subtype: "error_max_turns", is_error: true, num_turns: turns, errors };
    return [claudeResult(run, { ...fields, stop_reason: "tool_use", terminal_reason: "max_turns" }, {})];
  }
  const api = apiError(args.kind, args, run.context);
  const marker = { error: api.error, is_api_error_message: true, api_error_status: api.status };
  const fields = { subtype: "success", is_error: true, num_turns: turns, result: api.text };
  const ending = { api_error_status: api.status, stop_reason: "stop_sequence", terminal_reason: "api_error" };
  return [
    claudeAssistant(run, [{ type: "text", text: api.text }], marker, "<synthetic>"),
    claudeResult(run, { ...fields, ...ending }, {}),
  ];
}

export function createClaudeFormat(context: FormatContext): EventFormat {
  const run: ClaudeRun = { context, model: context.model ?? DEFAULT_MODEL, startedAt: context.now() };
  let toolCalls = 0;
  let lastText: string | undefined;
  // One API request per tool round trip: the real CLI counts 1 + tool calls for a plain run.
  const turns = () => toolCalls + 1;
  return {
    init: () => [claudeInit(run)],
    say: (text) => {
      lastText = text;
      return [claudeAssistant(run, [{ type: "text", text }])];
    },
    tool: (use) => {
      toolCalls += 1;
      const id = `toolu_${context.randomId().replaceAll("-", "").slice(0, 24)}`;
      const { name, input, output } = toolCall(use);
      return [
        claudeAssistant(run, [{ type: "tool_use", id, name, input }]),
        claudeToolResult(run, id, output),
      ];
    },
    result: (args) => {
      const fields = {
        subtype: args.subtype ?? "success",
        is_error: args.isError ?? false,
        num_turns: args.turns ?? turns(),
        result: args.text ?? lastText ?? "",
      };
      return [claudeResult(run, { ...fields, stop_reason: "end_turn", terminal_reason: "completed" }, args)];
    },
    error: (args) => errorEvents(run, args, turns()),
  };
}
