// Claude Code (`claude -p`): its command line and its stream-json events.
import { ASSETS } from "../prompt/assets.ts";
import { classifyError } from "./error-kind.ts";
import {
  fitsInArgv,
  type Invocation,
  type InvocationContext,
  type ProviderDefinition,
  placeholder,
  type StreamParser,
} from "./provider-definition.ts";
import {
  addTokens,
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
  toolTarget,
  truncate,
} from "./stream-json.ts";

/** Root may bypass permissions only when claude believes it is sandboxed; samocode needs the bypass. */
export const ROOT_NOTE =
  "running as root: set IS_SANDBOX=1 for claude, which refuses --dangerously-skip-permissions as root otherwise";

export function buildClaudeInvocation(request: ProviderRunRequest, context: InvocationContext): Invocation {
  const args = ["-p", "--output-format", "stream-json", "--verbose", "--dangerously-skip-permissions"];
  const display = [...args];
  const add = (flag: string, value: string, shown = value): void => {
    args.push(flag, value);
    display.push(flag, shown);
  };
  if (request.model !== undefined) add("--model", request.model);
  if (request.maxTurns !== undefined) add("--max-turns", String(request.maxTurns));
  if (request.systemPrompt !== "") {
    add("--append-system-prompt", request.systemPrompt, placeholder("system prompt", request.systemPrompt));
  }
  const agents = request.agents ?? {};
  if (Object.keys(agents).length > 0) {
    const json = JSON.stringify(agents);
    add("--agents", json, placeholder("agents json", json));
  }
  if (request.agent !== undefined) add("--agent", request.agent);
  // The method's skills and reviewer agents for this run only: nothing of samocode's goes into ~/.claude.
  add("--plugin-dir", request.method?.pluginDir ?? ASSETS.pluginDir);
  if (request.resumeConversationId !== undefined) add("--resume", request.resumeConversationId);
  // `--` keeps a prompt that starts with "-" from being read as a flag; a huge prompt goes through stdin.
  const viaArgv = fitsInArgv(request.prompt);
  if (viaArgv) {
    args.push("--", request.prompt);
    display.push("--", placeholder("prompt", request.prompt));
  }
  return {
    command: request.executable ?? "claude",
    args,
    display,
    stdin: viaArgv ? "ignore" : { text: request.prompt },
    env: context.isRoot ? { IS_SANDBOX: "1" } : {},
    notes: context.isRoot ? [ROOT_NOTE] : [],
  };
}

export function createClaudeParser(): StreamParser {
  let sessionSeen = false;
  // Several lines of one message repeat its usage: count a message once, by id, as it changes.
  let committed: TokenUsage = EMPTY_TOKENS;
  let current: { id: string; usage: TokenUsage } | undefined;
  const usageEvent = (id: string, usage: TokenUsage): ProviderEvent => {
    if (current !== undefined && current.id !== id) committed = addTokens(committed, current.usage);
    current = { id, usage };
    return { type: "usage", tokens: addTokens(committed, usage) };
  };
  return (line) => {
    const event = parseJsonObject(line);
    if (event === undefined) return line.trim() === "" ? [] : [{ type: "noise", text: truncate(line, 500) }];
    const events: ProviderEvent[] = [];
    const sessionId = str(event.session_id);
    if (!sessionSeen && sessionId !== undefined) {
      sessionSeen = true;
      const model = str(event.model);
      events.push({ type: "session", conversationId: sessionId, ...(model === undefined ? {} : { model }) });
    }
    const type = str(event.type);
    if (type === "assistant") events.push(...assistantEvents(event, usageEvent));
    else if (type === "user") events.push(...toolResults(event));
    else if (type === "result") events.push(resultEvent(event));
    else if (type === "rate_limit_event") events.push(...rateLimitEvents(event));
    return events;
  };
}

function assistantEvents(event: JsonObject, usageEvent: (id: string, u: TokenUsage) => ProviderEvent) {
  const message = obj(event.message);
  const events: ProviderEvent[] = [];
  for (const block of arr(message?.content)) {
    const part = obj(block);
    const text = str(part?.text);
    if (part?.type === "text" && text !== undefined) events.push({ type: "text", text });
    if (part?.type === "tool_use") {
      const id = str(part.id);
      const target = toolTarget(part.input);
      events.push({
        type: "tool-call",
        name: str(part.name) ?? "unknown",
        ...(id === undefined ? {} : { id }),
        ...(target === undefined ? {} : { target }),
      });
    }
  }
  const usage = obj(message?.usage);
  const id = str(message?.id);
  if (usage !== undefined && id !== undefined && event.is_api_error_message !== true) {
    events.push(usageEvent(id, tokensOf(usage)));
  }
  return events;
}

function toolResults(event: JsonObject): ProviderEvent[] {
  const events: ProviderEvent[] = [];
  for (const block of arr(obj(event.message)?.content)) {
    const part = obj(block);
    if (part?.type !== "tool_result") continue;
    const id = str(part.tool_use_id);
    const output = contentText(part.content);
    events.push({
      type: "tool-result",
      isError: part.is_error === true,
      ...(id === undefined ? {} : { id }),
      ...(output === undefined ? {} : { output: truncate(output, EVENT_TEXT_LIMIT) }),
    });
  }
  return events;
}

function contentText(content: unknown): string | undefined {
  if (typeof content === "string") return content;
  const texts = arr(content).flatMap((item) => str(obj(item)?.text) ?? []);
  return texts.length === 0 ? undefined : texts.join("\n");
}

/** API errors end with subtype `success` but `is_error: true`: judge by is_error, never by subtype alone. */
function resultEvent(event: JsonObject): ProviderEvent {
  const subtype = str(event.subtype);
  const text = str(event.result);
  // Error subtypes (max turns) carry their message in `errors`, not `result`.
  const detail =
    text ??
    arr(event.errors)
      .flatMap((e) => str(e) ?? [])
      .join("; ");
  const isError = event.is_error === true || (subtype?.startsWith("error") ?? false);
  const classified =
    subtype === "error_max_turns"
      ? { kind: "max_turns" as const }
      : isError
        ? classifyError(text ?? subtype ?? "", num(event.api_error_status))
        : undefined;
  const usage = obj(event.usage);
  const costUsd = num(event.total_cost_usd);
  const turns = num(event.num_turns);
  return {
    type: "result",
    isError,
    ...(text === undefined ? {} : { text }),
    ...(costUsd === undefined ? {} : { costUsd }),
    ...(usage === undefined ? {} : { tokens: tokensOf(usage) }),
    ...(turns === undefined ? {} : { turns }),
    ...(subtype === undefined ? {} : { subtype }),
    ...(classified === undefined
      ? {}
      : { errorKind: classified.kind, errorMessage: detail || (subtype ?? "") }),
    ...(classified?.resetAt === undefined ? {} : { resetAt: classified.resetAt }),
  };
}

function rateLimitEvents(event: JsonObject): ProviderEvent[] {
  const info = obj(event.rate_limit_info);
  if (info?.status !== "rejected") return [];
  const resetsAt = num(info.resetsAt);
  return [
    {
      type: "rate-limit",
      ...(resetsAt === undefined ? {} : { resetAt: new Date(resetsAt * 1_000).toISOString() }),
    },
  ];
}

function tokensOf(usage: JsonObject): TokenUsage {
  return {
    input: num(usage.input_tokens) ?? 0,
    output: num(usage.output_tokens) ?? 0,
    cacheRead: num(usage.cache_read_input_tokens) ?? 0,
    cacheWrite: num(usage.cache_creation_input_tokens) ?? 0,
  };
}

export const claudeProvider: ProviderDefinition = {
  defaultExecutable: "claude",
  buildInvocation: buildClaudeInvocation,
  createParser: createClaudeParser,
};
