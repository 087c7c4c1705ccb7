// Gemini CLI (`gemini -p --output-format stream-json`): its command line and its JSONL events.
// Built from @google/gemini-cli's published docs and source (not installed here, so not run against it).
import { classifyError } from "./error-kind.ts";
import {
  foldPrompt,
  type Invocation,
  type ProviderDefinition,
  placeholder,
  type StreamParser,
} from "./provider-definition.ts";
import type { ErrorKind, ProviderEvent, ProviderRunRequest } from "./provider-types.ts";
import {
  EVENT_TEXT_LIMIT,
  type JsonObject,
  num,
  obj,
  parseJsonObject,
  str,
  toolTarget,
  truncate,
} from "./stream-json.ts";

export function buildGeminiInvocation(request: ProviderRunRequest): Invocation {
  const prompt = foldPrompt(request);
  // yargs would read a prompt starting with "-" as a flag; the `=` form keeps it a value.
  const promptArgs = prompt.startsWith("-") ? [`--prompt=${prompt}`] : ["-p", prompt];
  const rest = ["--output-format", "stream-json", "--yolo"];
  if (request.model !== undefined) rest.push("-m", request.model);
  if (request.resumeConversationId !== undefined) rest.push("--resume", request.resumeConversationId);
  const baseEnv = request.env ?? process.env;
  // Headless gemini refuses to start in a folder the user never trusted; a worktree is always new.
  const trust = baseEnv.GEMINI_CLI_TRUST_WORKSPACE === undefined;
  return {
    command: request.executable ?? "gemini",
    args: [...promptArgs, ...rest],
    display: ["-p", placeholder("prompt", prompt), ...rest],
    stdin: "ignore",
    env: trust ? { GEMINI_CLI_TRUST_WORKSPACE: "true" } : {},
    notes: [],
  };
}

const FINAL_TEXT_LIMIT = 64_000;

export function createGeminiParser(): StreamParser {
  let answer = "";
  return (line) => {
    const event = parseJsonObject(line);
    if (event === undefined) return line.trim() === "" ? [] : [{ type: "noise", text: truncate(line, 500) }];
    switch (str(event.type)) {
      case "init": {
        const id = str(event.session_id);
        const model = str(event.model);
        return id === undefined ? [] : [{ type: "session", conversationId: id, ...(model ? { model } : {}) }];
      }
      case "message": {
        const text = str(event.content);
        if (event.role !== "assistant" || text === undefined) return [];
        answer = (answer + text).slice(-FINAL_TEXT_LIMIT);
        return [{ type: "text", text }];
      }
      case "tool_use":
        answer = "";
        return [toolCall(event)];
      case "tool_result":
        return [toolResult(event)];
      case "error": {
        const message = str(event.message) ?? "error";
        const { kind, resetAt } = classifyError(message);
        const fatal = event.severity === "error";
        return [{ type: "error", message, fatal, errorKind: kind, ...(resetAt ? { resetAt } : {}) }];
      }
      case "result":
        return [resultEvent(event, answer)];
      default:
        return [];
    }
  };
}

function toolCall(event: JsonObject): ProviderEvent {
  const id = str(event.tool_id);
  const target = toolTarget(event.parameters);
  return {
    type: "tool-call",
    name: str(event.tool_name) ?? "unknown",
    ...(id === undefined ? {} : { id }),
    ...(target === undefined ? {} : { target }),
  };
}

function toolResult(event: JsonObject): ProviderEvent {
  const id = str(event.tool_id);
  const output = str(event.output) ?? str(obj(event.error)?.message);
  return {
    type: "tool-result",
    isError: event.status === "error",
    ...(id === undefined ? {} : { id }),
    ...(output === undefined ? {} : { output: truncate(output, EVENT_TEXT_LIMIT) }),
  };
}

function resultEvent(event: JsonObject, answer: string): ProviderEvent {
  const stats = obj(event.stats);
  const cached = num(stats?.cached) ?? 0;
  const input = num(stats?.input) ?? Math.max(0, (num(stats?.input_tokens) ?? 0) - cached);
  const tokens = { input, output: num(stats?.output_tokens) ?? 0, cacheRead: cached, cacheWrite: 0 };
  const isError = event.status === "error";
  const error = obj(event.error);
  const message = str(error?.message) ?? str(error?.type) ?? "error";
  const classified = isError ? classifyError(message) : undefined;
  return {
    type: "result",
    isError,
    ...(answer === "" ? {} : { text: answer }),
    ...(stats === undefined ? {} : { tokens }),
    ...(classified === undefined ? {} : { errorKind: classified.kind, errorMessage: message }),
    ...(classified?.resetAt === undefined ? {} : { resetAt: classified.resetAt }),
  };
}

/** gemini-cli's FatalAuthenticationError and FatalTurnLimitedError exit codes. */
function errorKindForExit(exitCode: number): ErrorKind | undefined {
  if (exitCode === 41) return "auth";
  if (exitCode === 53) return "max_turns";
  return undefined;
}

export const geminiProvider: ProviderDefinition = {
  defaultExecutable: "gemini",
  buildInvocation: buildGeminiInvocation,
  createParser: createGeminiParser,
  errorKindForExit,
};
