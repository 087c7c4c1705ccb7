// What a fake model API plays: the scripted model turns of one conversation, and what it recorded.

/** A tool call exactly as the CLI offered the tool (name and input schema are the CLI's). */
export interface FakeToolCall {
  name: string;
  input: Record<string, unknown>;
}

/** An HTTP error answer instead of a model turn (e.g. 529 overloaded_error, 500). */
export interface FakeHttpError {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/**
 * One model turn: text and/or one tool call. `writeFile` is translated into the CLI's own
 * file-writing tool (Claude: Write; Codex: whichever shell or patch tool its request offers).
 */
export interface FakeTurn {
  text?: string;
  tool?: FakeToolCall;
  writeFile?: { path: string; content: string; codexTool?: "apply_patch" };
  error?: FakeHttpError;
  /** Answer 200 and then fail inside the stream (Anthropic `event: error`, Responses `response.failed`). */
  streamError?: { type: string; message: string };
}

export interface FakeUsage {
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheWriteTokens: number;
}

export interface FakeScript {
  turns: FakeTurn[];
  /** Answer to every main-conversation request after the scripted turns: bounds the conversation. */
  finalText?: string;
  /** Usage reported on every model response. */
  usage?: FakeUsage;
}

export const DEFAULT_FINAL_TEXT = "All done.";
export const DEFAULT_USAGE: FakeUsage = {
  inputTokens: 1200,
  outputTokens: 40,
  cacheReadTokens: 300,
  cacheWriteTokens: 100,
};

/** Main requests carry the conversation and its tools; side requests are the CLI's own (titles, probes). */
export const REQUEST_KINDS = ["main", "side", "probe", "unknown"] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  kind: RequestKind;
  /** Index of the scripted turn answered (main requests only); past the script means final text. */
  turnIndex?: number;
  status: number;
}

/** The turn a main request asks for: one per tool result already in its conversation. */
export function turnAt(script: FakeScript, index: number): FakeTurn {
  return script.turns[index] ?? { text: script.finalText ?? DEFAULT_FINAL_TEXT };
}
