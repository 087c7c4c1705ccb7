import { afterEach, describe, expect, it } from "vitest";
import { type FakeModelApi, startFakeModelApi } from "./fake-model-api.ts";
import type { FakeScript } from "./script.ts";

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

const TOOLS = [{ name: "Write" }];
let api: FakeModelApi | undefined;

afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function start(script: FakeScript, maxRequests?: number): Promise<FakeModelApi> {
  api = await startFakeModelApi(script, maxRequests === undefined ? {} : { maxRequests });
  return api;
}

async function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  if (!api) throw new Error("start the fake API first");
  return fetch(`${api.url}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
}

function parseSse(text: string): SseEvent[] {
  return text
    .split("\n\n")
    .filter((chunk) => chunk.trim() !== "")
    .map((chunk) => {
      const [eventLine, dataLine] = chunk.split("\n");
      return {
        event: eventLine?.replace("event: ", "") ?? "",
        data: JSON.parse(dataLine?.replace("data: ", "") ?? "{}"),
      };
    });
}

const signalWrite: FakeScript = {
  turns: [{ text: "Writing.", writeFile: { path: "/s/_signal.json", content: '{"status":"continue"}' } }],
  finalText: "Done here.",
};

describe("fake model API, Anthropic Messages", () => {
  it("streams a text block and a Write tool_use whose input arrives as input_json_delta pieces", async () => {
    await start(signalWrite);
    const res = await post("/v1/messages", { model: "m", stream: true, tools: TOOLS, messages: [] });
    expect(res.headers.get("content-type")).toBe("text/event-stream");
    const events = parseSse(await res.text());
    expect(events.map((e) => e.event)).toEqual([
      "message_start",
      "ping",
      ...["content_block_start", "content_block_delta", "content_block_stop"],
      ...["content_block_start", "content_block_delta", "content_block_delta", "content_block_stop"],
      "message_delta",
      "message_stop",
    ]);
    const partial = events
      .filter((e) => (e.data.delta as { type?: string } | undefined)?.type === "input_json_delta")
      .map((e) => (e.data.delta as { partial_json: string }).partial_json)
      .join("");
    expect(JSON.parse(partial)).toEqual({ file_path: "/s/_signal.json", content: '{"status":"continue"}' });
    expect(events.at(-2)?.data).toMatchObject({
      delta: { stop_reason: "tool_use" },
      usage: { output_tokens: 40 },
    });
  });

  it("answers the next turn per assistant message already in the conversation, then the final text", async () => {
    const fake = await start(signalWrite);
    const messages = [{ role: "user" }, { role: "assistant" }, { role: "user" }];
    const res = await post("/v1/messages", { stream: false, tools: TOOLS, messages });
    expect(await res.json()).toMatchObject({
      content: [{ type: "text", text: "Done here." }],
      stop_reason: "end_turn",
    });
    expect(fake.requests[0]).toMatchObject({ kind: "main", turnIndex: 1, status: 200 });
  });

  it("answers tool-less requests as side requests without using up a turn", async () => {
    const fake = await start(signalWrite);
    const res = await post("/v1/messages", { stream: false, messages: [{ role: "user" }] });
    expect(await res.json()).toMatchObject({ content: [{ type: "text", text: "ok" }] });
    expect(fake.requests.map((r) => r.kind)).toEqual(["side"]);
    expect(fake.mainRequests()).toEqual([]);
  });

  it("returns a scripted HTTP error with its headers, and a stream error as an SSE error event", async () => {
    const overloaded = { type: "overloaded_error", message: "Overloaded" };
    await start({
      turns: [{ error: { status: 529, body: { error: overloaded }, headers: { "retry-after": "7" } } }],
    });
    const res = await post("/v1/messages", { stream: true, tools: TOOLS, messages: [] });
    expect(res.status).toBe(529);
    expect(res.headers.get("retry-after")).toBe("7");
    await api?.close();
    await start({ turns: [{ streamError: overloaded }] });
    const streamed = parseSse(await (await post("/v1/messages", { stream: true, tools: TOOLS })).text());
    expect(streamed.at(-1)).toEqual({ event: "error", data: { type: "error", error: overloaded } });
    expect((await post("/v1/messages", { stream: false, tools: TOOLS })).status).toBe(529);
  });
});

describe("fake model API, OpenAI Responses", () => {
  const offered = [
    { type: "function", name: "exec_command" },
    { type: "custom", name: "apply_patch" },
  ];

  it("drives the offered exec_command tool and completes with usage", async () => {
    await start(signalWrite);
    const events = parseSse(
      await (await post("/v1/responses", { model: "g", tools: offered, input: [] })).text(),
    );
    expect(events[0]?.event).toBe("response.created");
    const items = events.filter((e) => e.event === "response.output_item.done").map((e) => e.data.item);
    expect(items).toMatchObject([{ type: "message" }, { type: "function_call", name: "exec_command" }]);
    const args = JSON.parse((items[1] as { arguments: string }).arguments) as { cmd: string };
    expect(args.cmd).toBe(`printf '%s' '{"status":"continue"}' > '/s/_signal.json'`);
    expect(events.at(-1)?.data).toMatchObject({
      type: "response.completed",
      response: {
        usage: { input_tokens: 1500, input_tokens_details: { cached_tokens: 300 }, output_tokens: 40 },
      },
    });
  });

  it("writes through apply_patch when asked, and counts tool outputs to find the turn", async () => {
    const fake = await start({
      turns: [{ writeFile: { path: "/s/a.json", content: "{}", codexTool: "apply_patch" } }],
      finalText: "Fin.",
    });
    const first = parseSse(await (await post("/v1/responses", { tools: offered, input: [] })).text());
    const call = first.find((e) => e.event === "response.output_item.done")?.data.item;
    expect(call).toMatchObject({ type: "custom_tool_call", name: "apply_patch" });
    expect((call as { input: string }).input).toBe(
      "*** Begin Patch\n*** Add File: /s/a.json\n+{}\n*** End Patch\n",
    );
    const input = [{ type: "custom_tool_call" }, { type: "custom_tool_call_output" }];
    const second = parseSse(await (await post("/v1/responses", { tools: offered, input })).text());
    expect(second.find((e) => e.event === "response.output_text.delta")?.data.delta).toBe("Fin.");
    expect(fake.requests.map((r) => r.turnIndex)).toEqual([0, 1]);
  });

  it("fails a stream with response.failed, and treats a tool-less request named a turn as main", async () => {
    const fake = await start({ turns: [{ streamError: { type: "server_is_overloaded", message: "busy" } }] });
    const metadata = { "x-codex-turn-metadata": JSON.stringify({ request_kind: "turn" }) };
    const events = parseSse(await (await post("/v1/responses", { input: [] }, metadata)).text());
    expect(events.at(-1)?.data).toMatchObject({
      type: "response.failed",
      response: { status: "failed", error: { code: "server_is_overloaded", message: "busy" } },
    });
    expect(fake.requests[0]?.kind).toBe("main");
  });
});

describe("fake model API, bounds and records", () => {
  it("answers HEAD probes, 404s unknown routes, and refuses everything past the request cap", async () => {
    const fake = await start(signalWrite, 3);
    expect((await fetch(fake.url, { method: "HEAD" })).status).toBe(200);
    expect((await post("/v2/nothing", {})).status).toBe(404);
    expect((await post("/v1/messages", { tools: TOOLS, system: "SYSTEM-MARK" })).status).toBe(200);
    expect((await post("/v1/messages", { tools: TOOLS })).status).toBe(400);
    expect(fake.requests.map((r) => `${r.method} ${r.path} ${r.kind} ${r.status}`)).toEqual([
      "HEAD / probe 200",
      "POST /v2/nothing unknown 404",
      "POST /v1/messages main 200",
      "POST /v1/messages unknown 400",
    ]);
    expect(fake.mainRequests()[0]?.body).toMatchObject({ system: "SYSTEM-MARK" });
    expect(new URL(fake.url).hostname).toBe("127.0.0.1");
  });
});
