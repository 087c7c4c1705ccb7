// OpenAI Responses API answers (streamed SSE) for what Codex sends to /v1/responses.
import { randomUUID } from "node:crypto";
import { codexToolCall, type ResponsesToolCall } from "./codex-tools.ts";
import type { FakeTurn, FakeUsage } from "./script.ts";

interface ResponsesRequest {
  model?: string;
  input?: { type?: string; role?: string }[];
  tools?: unknown[];
}

type OutputItem = Record<string, unknown> & { type: string; id: string };

function asRequest(body: unknown): ResponsesRequest {
  return typeof body === "object" && body !== null ? (body as ResponsesRequest) : {};
}

/** Only the main conversation offers tools; anything else is the CLI's own side request. */
export function isMainResponsesRequest(body: unknown): boolean {
  return (asRequest(body).tools ?? []).length > 0;
}

/** Each finished scripted turn left exactly one tool output (`*_call_output`) in the input. */
export function responsesTurnIndex(body: unknown): number {
  return (asRequest(body).input ?? []).filter((item) => item.type?.endsWith("_call_output")).length;
}

function id(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll("-", "")}`;
}

function textItem(text: string): OutputItem {
  const content = [{ type: "output_text", text, annotations: [] }];
  return { type: "message", id: id("msg"), status: "completed", role: "assistant", content };
}

function toolItem(call: ResponsesToolCall): OutputItem {
  const base = { id: id("fc"), call_id: id("call"), status: "completed", name: call.name };
  return call.kind === "custom"
    ? { type: "custom_tool_call", ...base, input: call.input }
    : { type: "function_call", ...base, arguments: call.arguments };
}

function outputFor(body: unknown, turn: FakeTurn): OutputItem[] {
  const items: OutputItem[] = [];
  if (turn.text !== undefined) items.push(textItem(turn.text));
  const call = codexToolCall(turn, asRequest(body).tools ?? []);
  if (call) items.push(toolItem(call));
  return items;
}

function usageJson(usage: FakeUsage) {
  const input = usage.inputTokens + usage.cacheReadTokens;
  return {
    input_tokens: input,
    input_tokens_details: { cached_tokens: usage.cacheReadTokens },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: input + usage.outputTokens,
  };
}

function itemEvents(item: OutputItem, index: number, next: () => number): string[] {
  const events = [sse("response.output_item.added", next(), { output_index: index, item })];
  if (item.type === "message") {
    const content = item.content as { text: string }[];
    const delta = { item_id: item.id, output_index: index, content_index: 0, delta: content[0]?.text ?? "" };
    events.push(sse("response.output_text.delta", next(), delta));
  }
  if (item.type === "function_call") {
    const delta = { item_id: item.id, output_index: index, delta: item.arguments };
    events.push(sse("response.function_call_arguments.delta", next(), delta));
  }
  events.push(sse("response.output_item.done", next(), { output_index: index, item }));
  return events;
}

function sse(type: string, sequence: number, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, sequence_number: sequence, ...data })}\n\n`;
}

/** The SSE body of one streamed turn: created, the items, completed with usage. */
export function responsesStream(body: unknown, turn: FakeTurn, usage: FakeUsage): string {
  let sequence = 0;
  const next = () => sequence++;
  const output = outputFor(body, turn);
  const response = {
    id: id("resp"),
    object: "response",
    created_at: Math.floor(Date.now() / 1000),
    model: asRequest(body).model ?? "gpt-5",
    status: "in_progress",
    output: [],
  };
  const opening = [
    sse("response.created", next(), { response }),
    sse("response.in_progress", next(), { response }),
  ];
  if (turn.streamError) {
    const error = { code: turn.streamError.type, message: turn.streamError.message };
    return [
      ...opening,
      sse("response.failed", next(), { response: { ...response, status: "failed", error } }),
    ].join("");
  }
  return [
    ...opening,
    ...output.flatMap((item, index) => itemEvents(item, index, next)),
    sse("response.completed", next(), {
      response: { ...response, status: "completed", output, usage: usageJson(usage) },
    }),
  ].join("");
}
