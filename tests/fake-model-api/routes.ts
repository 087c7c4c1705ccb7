// Which answer a request to the fake model API gets: the scripted turn, a side answer, a probe answer or 404.
import {
  isMainMessagesRequest,
  messagesJson,
  messagesStream,
  messagesTurnIndex,
  wantsStream,
} from "./anthropic-messages.ts";
import { isMainResponsesRequest, responsesStream, responsesTurnIndex } from "./openai-responses.ts";
import {
  DEFAULT_USAGE,
  type FakeHttpError,
  type FakeScript,
  type FakeTurn,
  type RecordedRequest,
  turnAt,
} from "./script.ts";

export interface Answer {
  status: number;
  contentType: string;
  body: string;
  headers?: Record<string, string>;
  record: Pick<RecordedRequest, "kind" | "turnIndex">;
}

export interface IncomingCall {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
}

const SIDE_TURN: FakeTurn = { text: "ok" };

export function jsonAnswer(status: number, value: unknown, record: Answer["record"]): Answer {
  return { status, contentType: "application/json", body: JSON.stringify(value), record };
}

function sseAnswer(body: string, record: Answer["record"]): Answer {
  return { status: 200, contentType: "text/event-stream", body, record };
}

function errorAnswer(error: FakeHttpError, turnIndex: number): Answer {
  const answer = jsonAnswer(error.status, error.body, { kind: "main", turnIndex });
  return error.headers ? { ...answer, headers: error.headers } : answer;
}

/** Claude retries a failed stream once without streaming (even at 0 retries); that request fails the same way. */
function streamErrorAsHttp(error: { type: string; message: string }): FakeHttpError {
  return { status: error.type === "overloaded_error" ? 529 : 500, body: { type: "error", error } };
}

function answerMessages(script: FakeScript, body: unknown): Answer {
  const usage = script.usage ?? DEFAULT_USAGE;
  const stream = wantsStream(body);
  if (!isMainMessagesRequest(body)) {
    const record = { kind: "side" } as const;
    if (stream) return sseAnswer(messagesStream(body, SIDE_TURN, usage), record);
    return jsonAnswer(200, messagesJson(body, SIDE_TURN, usage), record);
  }
  const turnIndex = messagesTurnIndex(body);
  const turn = turnAt(script, turnIndex);
  if (turn.error) return errorAnswer(turn.error, turnIndex);
  if (turn.streamError && !stream) return errorAnswer(streamErrorAsHttp(turn.streamError), turnIndex);
  const record = { kind: "main", turnIndex } as const;
  if (!stream) return jsonAnswer(200, messagesJson(body, turn, usage), record);
  return sseAnswer(messagesStream(body, turn, usage), record);
}

/** Codex names a turn request in its metadata header; some models' requests carry no `tools` list. */
function isCodexTurn(call: IncomingCall): boolean {
  const metadata = call.headers["x-codex-turn-metadata"];
  return typeof metadata === "string" && metadata.includes('"request_kind":"turn"');
}

function answerResponses(script: FakeScript, call: IncomingCall): Answer {
  const usage = script.usage ?? DEFAULT_USAGE;
  if (!isMainResponsesRequest(call.body) && !isCodexTurn(call)) {
    return sseAnswer(responsesStream(call.body, SIDE_TURN, usage), { kind: "side" });
  }
  const turnIndex = responsesTurnIndex(call.body);
  const turn = turnAt(script, turnIndex);
  if (turn.error) return errorAnswer(turn.error, turnIndex);
  return sseAnswer(responsesStream(call.body, turn, usage), { kind: "main", turnIndex });
}

export function route(script: FakeScript, call: IncomingCall): Answer {
  const { method, path } = call;
  if (method === "HEAD" || (method === "GET" && path === "/")) return jsonAnswer(200, {}, { kind: "probe" });
  if (method === "POST" && path === "/v1/messages") return answerMessages(script, call.body);
  if (method === "POST" && path === "/v1/responses") return answerResponses(script, call);
  if (method === "POST" && path === "/v1/messages/count_tokens") {
    return jsonAnswer(200, { input_tokens: 100 }, { kind: "side" });
  }
  if (method === "GET" && path === "/v1/models")
    return jsonAnswer(200, { data: [], models: [] }, { kind: "probe" });
  const error = { type: "error", error: { type: "not_found_error", message: `no route ${method} ${path}` } };
  return jsonAnswer(404, error, { kind: "unknown" });
}
