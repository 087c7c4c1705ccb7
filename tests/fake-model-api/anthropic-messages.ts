// Anthropic Messages API answers (streamed SSE and plain JSON) for what Claude Code sends to /v1/messages.
import { randomUUID } from "node:crypto";
import type { FakeToolCall, FakeTurn, FakeUsage } from "./script.ts";

interface MessagesRequest {
  model?: string;
  stream?: boolean;
  messages?: { role?: string; content?: unknown }[];
  tools?: { name?: string }[];
}

type Block = { type: "text"; text: string } | { type: "tool_use"; id: string; name: string; input: unknown };

function asRequest(body: unknown): MessagesRequest {
  return typeof body === "object" && body !== null ? (body as MessagesRequest) : {};
}

/** Only the main conversation offers tools; titles, summaries and probes come without them. */
export function isMainMessagesRequest(body: unknown): boolean {
  return (asRequest(body).tools ?? []).length > 0;
}

/** Each finished scripted turn left exactly one assistant message in the conversation. */
export function messagesTurnIndex(body: unknown): number {
  return (asRequest(body).messages ?? []).filter((m) => m.role === "assistant").length;
}

export function wantsStream(body: unknown): boolean {
  return asRequest(body).stream === true;
}

function toolFor(turn: FakeTurn): FakeToolCall | undefined {
  if (turn.tool) return turn.tool;
  if (turn.writeFile) {
    return { name: "Write", input: { file_path: turn.writeFile.path, content: turn.writeFile.content } };
  }
  return undefined;
}

function blocksFor(turn: FakeTurn): Block[] {
  const blocks: Block[] = [];
  if (turn.text !== undefined) blocks.push({ type: "text", text: turn.text });
  const tool = toolFor(turn);
  if (tool)
    blocks.push({ type: "tool_use", id: `toolu_${randomUUID()}`, name: tool.name, input: tool.input });
  return blocks;
}

function usageJson(usage: FakeUsage, outputTokens: number) {
  return {
    input_tokens: usage.inputTokens,
    output_tokens: outputTokens,
    cache_read_input_tokens: usage.cacheReadTokens,
    cache_creation_input_tokens: usage.cacheWriteTokens,
  };
}

function message(model: string, blocks: Block[], usage: FakeUsage) {
  const stopReason = blocks.some((b) => b.type === "tool_use") ? "tool_use" : "end_turn";
  return {
    id: `msg_${randomUUID().replaceAll("-", "")}`,
    type: "message",
    role: "assistant",
    model,
    content: blocks,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: usageJson(usage, usage.outputTokens),
  };
}

export function messagesJson(body: unknown, turn: FakeTurn, usage: FakeUsage): unknown {
  return message(asRequest(body).model ?? "claude-sonnet-4-5", blocksFor(turn), usage);
}

function sse(type: string, data: Record<string, unknown>): string {
  return `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;
}

function blockEvents(block: Block, index: number): string[] {
  if (block.type === "text") {
    return [
      sse("content_block_start", { index, content_block: { type: "text", text: "" } }),
      sse("content_block_delta", { index, delta: { type: "text_delta", text: block.text } }),
      sse("content_block_stop", { index }),
    ];
  }
  const json = JSON.stringify(block.input);
  const half = Math.floor(json.length / 2);
  const start = { type: "tool_use", id: block.id, name: block.name, input: {} };
  return [
    sse("content_block_start", { index, content_block: start }),
    sse("content_block_delta", {
      index,
      delta: { type: "input_json_delta", partial_json: json.slice(0, half) },
    }),
    sse("content_block_delta", {
      index,
      delta: { type: "input_json_delta", partial_json: json.slice(half) },
    }),
    sse("content_block_stop", { index }),
  ];
}

/** The SSE body of one streamed turn, split in events the way the real API sends them. */
export function messagesStream(body: unknown, turn: FakeTurn, usage: FakeUsage): string {
  const full = message(asRequest(body).model ?? "claude-sonnet-4-5", blocksFor(turn), usage);
  const start = { ...full, content: [], stop_reason: null, usage: usageJson(usage, 1) };
  const opening = [sse("message_start", { message: start }), sse("ping", {})];
  if (turn.streamError) return [...opening, sse("error", { error: turn.streamError })].join("");
  return [
    ...opening,
    ...full.content.flatMap(blockEvents),
    sse("message_delta", {
      delta: { stop_reason: full.stop_reason, stop_sequence: null },
      usage: { output_tokens: usage.outputTokens },
    }),
    sse("message_stop", {}),
  ].join("");
}
