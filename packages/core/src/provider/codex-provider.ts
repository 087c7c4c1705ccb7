// Codex (`codex exec --json`): its command line and its JSONL thread events.
import { classifyError } from "./error-kind.ts";
import {
  fitsInArgv,
  foldPrompt,
  type Invocation,
  type ProviderDefinition,
  placeholder,
  type StreamParser,
} from "./provider-definition.ts";
import {
  EMPTY_TOKENS,
  type ProviderEvent,
  type ProviderRunRequest,
  type TokenUsage,
} from "./provider-types.ts";
import {
  arr,
  EVENT_TEXT_LIMIT,
  type JsonObject,
  num,
  obj,
  parseJsonObject,
  str,
  truncate,
} from "./stream-json.ts";

/** `exec` flags go before `resume`: `codex exec resume` rejects `-C` (checked with codex-cli 0.169). */
export function buildCodexInvocation(request: ProviderRunRequest): Invocation {
  const args = ["exec", "--json", "--skip-git-repo-check", "--dangerously-bypass-approvals-and-sandbox"];
  if (request.model !== undefined) args.push("-m", request.model);
  if (request.reasoningEffort !== undefined)
    args.push("-c", `model_reasoning_effort=${request.reasoningEffort}`);
  args.push("-C", request.cwd);
  if (request.resumeConversationId !== undefined) args.push("resume", request.resumeConversationId);
  const display = [...args];
  const prompt = foldPrompt(request);
  // With a prompt argument stdin must still not be an open pipe: codex waits for its EOF before starting.
  const viaArgv = fitsInArgv(prompt);
  args.push(...(viaArgv ? ["--", prompt] : ["-"]));
  display.push(...(viaArgv ? ["--", placeholder("prompt", prompt)] : ["-"]));
  return {
    command: request.executable ?? "codex",
    args,
    display,
    stdin: viaArgv ? "ignore" : { text: prompt },
    env: {},
    notes: [],
  };
}

const TOOL_ITEMS = new Set(["command_execution", "mcp_tool_call", "web_search", "file_change"]);

export function createCodexParser(): StreamParser {
  let tokens = EMPTY_TOKENS;
  let turns = 0;
  let lastMessage: string | undefined;
  const started = new Set<string>();
  return (line) => {
    const event = parseJsonObject(line);
    if (event === undefined) return line.trim() === "" ? [] : [{ type: "noise", text: truncate(line, 500) }];
    const type = str(event.type);
    const item = obj(event.item);
    if (type === "thread.started") {
      const id = str(event.thread_id);
      return id === undefined ? [] : [{ type: "session", conversationId: id }];
    }
    if (type === "item.started" && item !== undefined && TOOL_ITEMS.has(str(item.type) ?? "")) {
      if (started.size > 10_000) started.clear();
      started.add(str(item.id) ?? "");
      return [toolCall(item)];
    }
    if (type === "item.completed" && item !== undefined) {
      if (str(item.type) === "agent_message") lastMessage = str(item.text) ?? lastMessage;
      return completedItem(item, started);
    }
    if (type === "turn.completed") {
      turns += 1;
      // The thread's running total (codex exec reports `usage.total`), so a resumed thread includes earlier runs.
      tokens = usageOf(obj(event.usage));
      const text = lastMessage === undefined ? {} : { text: lastMessage };
      return [
        { type: "usage", tokens },
        { type: "result", isError: false, tokens, turns, ...text },
      ];
    }
    if (type === "turn.failed") return [failedTurn(str(obj(event.error)?.message) ?? "turn failed", turns)];
    if (type === "error") return [notice(str(event.message) ?? "error")];
    return [];
  };
}

function completedItem(item: JsonObject, started: Set<string>): ProviderEvent[] {
  const itemType = str(item.type);
  if (itemType === "agent_message") return [{ type: "text", text: str(item.text) ?? "" }];
  if (itemType === "error") return [notice(str(item.message) ?? "error")];
  if (!TOOL_ITEMS.has(itemType ?? "")) return [];
  const id = str(item.id);
  const events: ProviderEvent[] = started.delete(id ?? "") ? [] : [toolCall(item)];
  const status = str(item.status);
  const exitCode = num(item.exit_code);
  const output = str(item.aggregated_output) ?? str(obj(item.error)?.message);
  events.push({
    type: "tool-result",
    isError: status === "failed" || status === "declined" || (exitCode !== undefined && exitCode !== 0),
    ...(id === undefined ? {} : { id }),
    ...(output === undefined ? {} : { output: truncate(output, EVENT_TEXT_LIMIT) }),
  });
  return events;
}

function toolCall(item: JsonObject): ProviderEvent {
  const id = str(item.id);
  const itemType = str(item.type) ?? "tool";
  const paths = arr(item.changes).flatMap((change) => str(obj(change)?.path) ?? []);
  const name = itemType === "mcp_tool_call" ? `${str(item.server)}.${str(item.tool)}` : itemType;
  const target = str(item.command) ?? str(item.query) ?? (paths.length > 0 ? paths.join(", ") : undefined);
  return {
    type: "tool-call",
    name,
    ...(id === undefined ? {} : { id }),
    ...(target === undefined ? {} : { target: truncate(target, 500) }),
  };
}

/**
 * codex counts cached reads and cache writes inside input_tokens (OpenAI semantics); we report uncached
 * input like the other providers, so input + cacheRead + cacheWrite is the prompt total.
 */
function usageOf(usage: JsonObject | undefined): TokenUsage {
  const cacheRead = num(usage?.cached_input_tokens) ?? 0;
  const cacheWrite = num(usage?.cache_write_input_tokens) ?? 0;
  const input = Math.max(0, (num(usage?.input_tokens) ?? 0) - cacheRead - cacheWrite);
  return { input, output: num(usage?.output_tokens) ?? 0, cacheRead, cacheWrite };
}

function failedTurn(message: string, turns: number): ProviderEvent {
  const { kind, resetAt } = classifyError(message);
  return {
    type: "result",
    isError: true,
    turns,
    errorKind: kind,
    errorMessage: message,
    ...(resetAt === undefined ? {} : { resetAt }),
  };
}

/** Top-level `error` lines are mostly "Reconnecting..." notices; a fatal one is followed by turn.failed. */
function notice(message: string): ProviderEvent {
  const { kind, resetAt } = classifyError(message);
  return {
    type: "error",
    message,
    fatal: false,
    errorKind: kind,
    ...(resetAt === undefined ? {} : { resetAt }),
  };
}

export const codexProvider: ProviderDefinition = {
  defaultExecutable: "codex",
  buildInvocation: buildCodexInvocation,
  createParser: createCodexParser,
};
