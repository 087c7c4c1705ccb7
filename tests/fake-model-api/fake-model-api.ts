// A scripted fake model API on 127.0.0.1 speaking Anthropic Messages (Claude Code) and OpenAI Responses (Codex).
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type Answer, type IncomingCall, jsonAnswer, route } from "./routes.ts";
import type { FakeScript, RecordedRequest } from "./script.ts";

const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface FakeModelApiOptions {
  /** Past this many requests every answer is a 400: a CLI stuck in a loop cannot keep a test alive. */
  maxRequests?: number;
}

export interface FakeModelApi {
  /** `http://127.0.0.1:<port>` — Claude's ANTHROPIC_BASE_URL; Codex's base_url is this + `/v1`. */
  url: string;
  port: number;
  /** Every request in arrival order, with the answer's status and what kind of request it was. */
  requests: RecordedRequest[];
  /** Main-conversation requests only (the ones carrying the CLI's tools and system prompt). */
  mainRequests(): RecordedRequest[];
  setScript(script: FakeScript): void;
  close(): Promise<void>;
}

interface State {
  script: FakeScript;
  requests: RecordedRequest[];
  maxRequests: number;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text; // not JSON: kept verbatim in the record
  }
}

function capAnswer(): Answer {
  const error = {
    type: "error",
    error: { type: "invalid_request_error", message: "fake model API request cap" },
  };
  return jsonAnswer(400, error, { kind: "unknown" });
}

async function handle(state: State, req: IncomingMessage): Promise<Answer> {
  const call: IncomingCall = {
    method: req.method ?? "GET",
    path: (req.url ?? "/").split("?")[0] ?? "/",
    headers: req.headers,
    body: await readBody(req),
  };
  const answer = state.requests.length >= state.maxRequests ? capAnswer() : route(state.script, call);
  state.requests.push({ ...call, status: answer.status, ...answer.record });
  return answer;
}

function send(res: ServerResponse, method: string | undefined, answer: Answer): void {
  res.writeHead(answer.status, {
    ...answer.headers,
    "content-type": answer.contentType,
    "request-id": "req_fake",
  });
  res.end(method === "HEAD" ? undefined : answer.body);
}

/** Listens on an ephemeral loopback port; `close()` also drops keep-alive sockets so it never lingers. */
export async function startFakeModelApi(
  script: FakeScript,
  options: FakeModelApiOptions = {},
): Promise<FakeModelApi> {
  const state: State = { script, requests: [], maxRequests: options.maxRequests ?? 200 };
  const server = createServer((req, res) => {
    handle(state, req).then(
      (answer) => send(res, req.method, answer),
      (error: unknown) => {
        res.writeHead(500, { "content-type": "text/plain" });
        res.end(`fake model API failed: ${String(error)}`);
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests: state.requests,
    mainRequests: () => state.requests.filter((r) => r.kind === "main"),
    setScript: (next) => {
      state.script = next;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
