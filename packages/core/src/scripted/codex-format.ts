// Codex's `exec --json` events (thread/turn/item), shaped as 0.169 prints them.
import type { ErrorArgs, EventFormat, FormatContext, StreamEvent, ToolUse } from "./event-format.ts";
import type { ScriptErrorKind } from "./script-schema.ts";

// Scripted tools that edit files show up as codex `file_change` items; everything else as a command.
const FILE_TOOLS: Readonly<Record<string, "add" | "update">> = {
  Write: "add",
  write_file: "add",
  Edit: "update",
  MultiEdit: "update",
  replace: "update",
};

function errorMessage(args: ErrorArgs): string {
  const byKind: Record<ScriptErrorKind, string> = {
    rate_limit:
      args.resetInSeconds === undefined
        ? "You've hit your usage limit. Try again later."
        : `You've hit your usage limit. Try again in ${args.resetInSeconds} seconds.`,
    overload: "stream error: 529 Overloaded",
    auth: "401 Unauthorized",
    max_turns: "Reached maximum number of turns",
    other: "stream error: 500 Internal Server Error",
  };
  return args.message ?? byKind[args.kind];
}

/** Codex runs shell commands as `/bin/bash -lc '<command>'` and reports that string. */
function bashCommand(command: string): string {
  return `/bin/bash -lc '${command.replaceAll("'", `'"'"'`)}'`;
}

function commandOf(name: string, input: Record<string, unknown>): string {
  const command = input.command ?? input.cmd;
  if (typeof command === "string") return bashCommand(command);
  if (Array.isArray(command) && command.every((part) => typeof part === "string")) return command.join(" ");
  return bashCommand(`${name} ${JSON.stringify(input)}`);
}

function fileChange(use: ToolUse): { path: string; kind: "add" | "update" } | undefined {
  if (use.kind === "write") return { path: use.path, kind: use.created ? "add" : "update" };
  const kind = Object.hasOwn(FILE_TOOLS, use.name) ? FILE_TOOLS[use.name] : undefined;
  const path = use.input.file_path ?? use.input.path;
  return kind !== undefined && typeof path === "string" ? { path, kind } : undefined;
}

export function createCodexFormat(context: FormatContext): EventFormat {
  let nextItem = 0;
  const itemId = () => `item_${nextItem++}`;
  const started = (item: StreamEvent): StreamEvent => ({ type: "item.started", item });
  const completed = (item: StreamEvent): StreamEvent => ({ type: "item.completed", item });
  const failed = (message: string): StreamEvent => ({ type: "turn.failed", error: { message } });

  return {
    init: () => [{ type: "thread.started", thread_id: context.sessionId }, { type: "turn.started" }],
    say: (text) => [completed({ id: itemId(), type: "agent_message", text })],
    tool: (use) => {
      const id = itemId();
      const change = fileChange(use);
      if (change !== undefined) {
        const item = { id, type: "file_change", changes: [change] };
        return [started({ ...item, status: "in_progress" }), completed({ ...item, status: "completed" })];
      }
      const command = use.kind === "call" ? commandOf(use.name, use.input) : "";
      const output = use.kind === "call" ? (use.output ?? "") : "";
      const item = { id, type: "command_execution", command };
      return [
        started({ ...item, aggregated_output: "", exit_code: null, status: "in_progress" }),
        completed({ ...item, aggregated_output: output, exit_code: 0, status: "completed" }),
      ];
    },
    result: (args) => {
      if (args.isError === true) return [failed(args.text ?? "turn failed")];
      const usage = {
        input_tokens: args.inputTokens ?? 0,
        cached_input_tokens: args.cacheReadTokens ?? 0,
        cache_write_input_tokens: args.cacheWriteTokens ?? 0,
        output_tokens: args.outputTokens ?? 0,
        reasoning_output_tokens: 0,
      };
      return [{ type: "turn.completed", usage }];
    },
    // The real CLI reports a fatal stream error twice: a top-level `error`, then the failed turn.
    error: (args) => {
      const message = errorMessage(args);
      return [{ type: "error", message }, failed(message)];
    },
  };
}
