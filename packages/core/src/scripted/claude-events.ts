// Builders for the event objects of Claude Code's stream-json output, with the fields 2.1.x prints.
import type { FormatContext, ResultArgs, StreamEvent } from "./event-format.ts";
import { flagValue } from "./invocation.ts";

const CLAUDE_VERSION = "2.1.329";
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
const BUILT_IN_AGENTS = ["general-purpose", "Explore", "Plan"];

/** What one invocation's events share; `model` is the requested one (`--model`) or a default. */
export type ClaudeRun = { context: FormatContext; model: string; startedAt: number };

export function claudeUsage(args: ResultArgs) {
  return {
    input_tokens: args.inputTokens ?? 0,
    cache_creation_input_tokens: args.cacheWriteTokens ?? 0,
    cache_read_input_tokens: args.cacheReadTokens ?? 0,
    output_tokens: args.outputTokens ?? 0,
  };
}

export function claudeInit(run: ClaudeRun): StreamEvent {
  const { context } = run;
  return {
    type: "system",
    subtype: "init",
    cwd: context.cwd,
    session_id: context.sessionId,
    tools: TOOLS,
    mcp_servers: [],
    model: run.model,
    permissionMode: permissionMode(context.cliArgs),
    slash_commands: [],
    apiKeySource: "none",
    claude_code_version: CLAUDE_VERSION,
    output_style: "default",
    agents: agentNames(context.cliArgs),
    uuid: context.randomId(),
  };
}

/** The fields every conversation event (assistant, user) carries besides its own. */
function envelope(run: ClaudeRun, event: StreamEvent): StreamEvent {
  return {
    ...event,
    parent_tool_use_id: null,
    session_id: run.context.sessionId,
    uuid: run.context.randomId(),
    timestamp: new Date(run.context.now()).toISOString(),
  };
}

export function claudeAssistant(
  run: ClaudeRun,
  content: StreamEvent[],
  extra: StreamEvent = {},
  model = run.model,
) {
  const message = {
    id: `msg_${run.context.randomId().replaceAll("-", "")}`,
    type: "message",
    role: "assistant",
    model,
    content,
    stop_reason: null,
    usage: claudeUsage({}),
  };
  return envelope(run, { type: "assistant", message, ...extra });
}

export function claudeToolResult(run: ClaudeRun, toolUseId: string, content: string): StreamEvent {
  const result = { tool_use_id: toolUseId, type: "tool_result", content };
  return envelope(run, { type: "user", message: { role: "user", content: [result] } });
}

export function claudeResult(run: ClaudeRun, fields: StreamEvent, args: ResultArgs): StreamEvent {
  const elapsed = run.context.now() - run.startedAt;
  return {
    type: "result",
    ...fields,
    session_id: run.context.sessionId,
    total_cost_usd: args.costUsd ?? 0,
    usage: claudeUsage(args),
    duration_ms: elapsed,
    duration_api_ms: elapsed,
    permission_denials: [],
    uuid: run.context.randomId(),
  };
}

function permissionMode(args: readonly string[]): string {
  if (args.includes("--dangerously-skip-permissions")) return "bypassPermissions";
  return flagValue(args, ["--permission-mode"]) ?? "default";
}

function agentNames(args: readonly string[]): string[] {
  const json = flagValue(args, ["--agents"]);
  if (json === undefined || !json.trimStart().startsWith("{")) return BUILT_IN_AGENTS;
  try {
    const parsed: unknown = JSON.parse(json);
    return typeof parsed === "object" && parsed !== null
      ? [...BUILT_IN_AGENTS, ...Object.keys(parsed)]
      : BUILT_IN_AGENTS;
  } catch (error) {
    // The agent list only decorates the init event; a malformed value must not stop the run.
    if (error instanceof SyntaxError) return BUILT_IN_AGENTS;
    throw error;
  }
}
