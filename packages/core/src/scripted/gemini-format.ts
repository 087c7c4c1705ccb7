// Gemini CLI's `-p --output-format stream-json` events (init, message, tool_use/tool_result, result).
import type { ErrorArgs, EventFormat, FormatContext, ResultArgs, StreamEvent } from "./event-format.ts";
import type { ScriptErrorKind } from "./script-schema.ts";

const DEFAULT_MODEL = "gemini-2.5-pro";

function apiError(args: ErrorArgs): { type: string; message: string } {
  const byKind: Record<ScriptErrorKind, { type: string; message: string }> = {
    rate_limit: {
      type: "TerminalQuotaError",
      message:
        args.resetInSeconds === undefined
          ? "You have exhausted your capacity on this model."
          : `You have exhausted your capacity on this model. Your quota will reset after ${args.resetInSeconds}s.`,
    },
    overload: { type: "ApiError", message: "[API Error: The model is overloaded. Please try again later.]" },
    auth: { type: "ApiError", message: "[API Error: API key not valid. Please pass a valid API key.]" },
    max_turns: { type: "FatalTurnLimitedError", message: "Reached max session turns for this session." },
    other: { type: "ApiError", message: "[API Error: An internal error has occurred.]" },
  };
  const found = byKind[args.kind];
  return { type: found.type, message: args.message ?? found.message };
}

export function createGeminiFormat(context: FormatContext): EventFormat {
  const startedAt = context.now();
  let toolCalls = 0;
  const event = (type: string, fields: StreamEvent): StreamEvent => ({
    type,
    timestamp: new Date(context.now()).toISOString(),
    ...fields,
  });
  const stats = (args: ResultArgs) => {
    const input = args.inputTokens ?? 0;
    const output = args.outputTokens ?? 0;
    const cached = args.cacheReadTokens ?? 0;
    return {
      total_tokens: input + output,
      input_tokens: input,
      output_tokens: output,
      cached,
      input: Math.max(input - cached, 0),
      duration_ms: context.now() - startedAt,
      tool_calls: toolCalls,
    };
  };

  return {
    init: () => [event("init", { session_id: context.sessionId, model: context.model ?? DEFAULT_MODEL })],
    say: (content) => [event("message", { role: "assistant", content, delta: true })],
    tool: (use) => {
      toolCalls += 1;
      const tool_id = `${use.kind === "write" ? "write_file" : use.name}-${context.now()}-${toolCalls}`;
      const [tool_name, parameters, output] =
        use.kind === "write"
          ? ["write_file", { file_path: use.path, content: use.content }, writeOutput(use.path, use.created)]
          : [use.name, use.input, use.output ?? ""];
      return [
        event("tool_use", { tool_name, tool_id, parameters }),
        event("tool_result", { tool_id, status: "success", output }),
      ];
    },
    result: (args) => {
      if (args.isError !== true) return [event("result", { status: "success", stats: stats(args) })];
      const error = { type: "Error", message: args.text ?? "error" };
      return [event("result", { status: "error", error, stats: stats(args) })];
    },
    error: (args) => [event("result", { status: "error", error: apiError(args), stats: stats({}) })],
  };
}

function writeOutput(path: string, created: boolean): string {
  return created
    ? `Successfully created and wrote to new file: ${path}.`
    : `Successfully overwrote file: ${path}.`;
}
