// A fake Telegram Bot API server on 127.0.0.1 for tests: point telegraf's `telegram.apiRoot` at it. It
// records every call, lets a test inject messages, replies and button presses (from the right chat or a
// stranger's), answer with a 429 retry_after or any error, and go down (port closed) and come back.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { BotApiState, type Params, type StoredMessage, type Update } from "./bot-api-methods.ts";

export { FAKE_BOT, type StoredMessage, type Update } from "./bot-api-methods.ts";

export type RecordedCall = { method: string; params: Params; status: number; tokenOk: boolean; at: number };
export type Failure = { status: number; description: string; retryAfter?: number };

export type FakeBotApi = {
  apiRoot: string;
  token: string;
  calls: RecordedCall[];
  callsOf: (method: string) => RecordedCall[];
  /** The bot's messages, in the order they were accepted. */
  sent: () => StoredMessage[];
  injectMessage: (input: { chatId: string; text: string; fromId?: number; replyTo?: number }) => Update;
  injectCallback: (input: { chatId: string; messageId: number; data: string; fromId?: number }) => Update;
  /** Queues an already delivered update again (a poller that crashed before confirming it). */
  redeliver: (update: Update) => void;
  /** The next `times` calls of `method` fail this way. */
  failNext: (method: string, failure: Failure, times?: number) => void;
  down: () => Promise<void>;
  up: () => Promise<void>;
  close: () => Promise<void>;
};

type Router = {
  state: BotApiState;
  calls: RecordedCall[];
  failures: { method: string; failure: Failure }[];
  token: string;
  holdMs: number;
};

export async function startFakeBotApi(options: { token: string; pollHoldMs?: number }): Promise<FakeBotApi> {
  const router: Router = {
    state: new BotApiState(),
    calls: [],
    failures: [],
    token: options.token,
    holdMs: options.pollHoldMs ?? 200,
  };
  const { state, calls, failures } = router;
  const server = createServer((request, response) => {
    // A request cut off by `down()` has nobody left to answer.
    respond(router, request, response).catch(() => response.destroy());
  });
  await listen(server, 0);
  const port = (server.address() as AddressInfo).port;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    token: options.token,
    calls,
    callsOf: (method) => calls.filter((call) => call.method === method),
    sent: () => state.messages.filter((m) => m.fromBot),
    injectMessage: ({ chatId, text, fromId, replyTo }) => state.injectMessage(chatId, fromId, text, replyTo),
    injectCallback: ({ chatId, messageId, data, fromId }) =>
      state.injectCallback(chatId, fromId, messageId, data),
    redeliver: (update) => state.redeliver(update),
    failNext: (method, failure, times = 1) => {
      for (let i = 0; i < times; i++) failures.push({ method, failure });
    },
    down: () => shutDown(server, state),
    up: () => listen(server, port),
    close: async () => {
      if (server.listening) await shutDown(server, state);
    },
  };
}

async function respond(router: Router, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(request.url?.split("?")[0] ?? "");
  const params = await readParams(request);
  const method = match?.[2] ?? "";
  const tokenOk = match?.[1] === router.token;
  const failureAt = router.failures.findIndex((f) => f.method === method);
  const [planned] = failureAt >= 0 ? router.failures.splice(failureAt, 1) : [];
  const reply = !tokenOk
    ? { status: 401, body: { ok: false, error_code: 401, description: "Unauthorized" } }
    : planned !== undefined
      ? failureReply(planned.failure)
      : await router.state.handle(method, params, router.holdMs);
  router.calls.push({ method, params, status: reply.status, tokenOk, at: Date.now() });
  if (response.destroyed) return;
  response.writeHead(reply.status, { "content-type": "application/json" });
  response.end(JSON.stringify(reply.body));
}

/** Closes the port and cuts every open connection, held long polls included. */
async function shutDown(server: Server, state: BotApiState): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  state.wakeAll();
  await closed;
}

function failureReply(failure: Failure) {
  const parameters =
    failure.retryAfter === undefined ? {} : { parameters: { retry_after: failure.retryAfter } };
  return {
    status: failure.status,
    body: { ok: false, error_code: failure.status, description: failure.description, ...parameters },
  };
}

async function readParams(request: IncomingMessage): Promise<Params> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString("utf8");
  if (body === "") return {};
  if ((request.headers["content-type"] ?? "").includes("json")) return JSON.parse(body) as Params;
  return Object.fromEntries(new URLSearchParams(body));
}

function listen(server: Server, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
}
