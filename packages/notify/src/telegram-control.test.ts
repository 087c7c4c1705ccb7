import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  checkWait,
  type Hook,
  listPending,
  readDecision,
  readHook,
  readQa,
  type SessionRef,
} from "@samocode/core";
import { describe, expect, it, onTestFinished } from "vitest";
import type { FakeBotApi, StoredMessage } from "../../../tests/fake-bot-api/fake-bot-api.ts";
import { makeTempDir } from "../../../tests/helpers/temp-dir.ts";
import { TRICKY } from "./event-samples.test-support.ts";
import { createEventWatch } from "./event-watch.ts";
import {
  CHAT,
  eventually,
  fakeBotApi,
  projectsOn,
  QA,
  readableLogger,
  STRANGER,
  sessionIn,
  TOKEN,
} from "./notify.test-support.ts";
import { type ControlAction, startTelegramControl, type TelegramControlOptions } from "./telegram-control.ts";
import { createTelegramNotifier } from "./telegram-notifier.ts";

type Harness = {
  api: FakeBotApi;
  root: string;
  actions: ControlAction[];
  stops: string[];
  logText: () => Promise<string>;
  /** Sends the session's current-state notification, as the supervisor would, and returns that message. */
  announce: (session: SessionRef, hook: Hook) => Promise<StoredMessage>;
  /** Injects a message in the configured chat and waits for the bot's next reply. */
  say: (text: string, replyTo?: number) => Promise<string>;
  /** PM2 answers every later call with this error. */
  failPm2: (message: string) => void;
};

async function harness(extra: Partial<TelegramControlOptions> = {}): Promise<Harness> {
  const api = await fakeBotApi(100);
  const root = await makeTempDir();
  const { logger, text } = await readableLogger();
  const actions: ControlAction[] = [];
  const stops: string[] = [];
  let pm2Failure: string | undefined;
  const control = startTelegramControl({
    token: TOKEN,
    chatId: CHAT,
    apiRoot: api.apiRoot,
    projects: projectsOn(root, {
      stopWorkers: async (session) => {
        if (pm2Failure !== undefined) throw new Error(pm2Failure);
        stops.push(session.id);
        return true;
      },
    }),
    logger,
    retryMs: 100,
    onAction: (action) => {
      actions.push(action);
    },
    ...extra,
  });
  onTestFinished(() => control.stop());
  const stateDir = await makeTempDir();
  const notifier = await createTelegramNotifier({
    token: TOKEN,
    chatId: CHAT,
    apiRoot: api.apiRoot,
    stateDir,
    logger,
  });
  onTestFinished(() => notifier.close());
  const watch = createEventWatch();
  return {
    api,
    root,
    actions,
    stops,
    logText: text,
    announce: async (session, hook) => {
      for (const event of await watch.observe(session, hook)) notifier.notify(event);
      await notifier.idle();
      const last = api.sent().at(-1);
      if (last === undefined) throw new Error("nothing was announced");
      return last;
    },
    failPm2: (message) => {
      pm2Failure = message;
    },
    say: async (message, replyTo) => {
      const before = api.sent().length;
      api.injectMessage({ chatId: CHAT, text: message, ...(replyTo === undefined ? {} : { replyTo }) });
      const reply = await eventually(() => api.sent()[before]);
      return reply.text;
    },
  };
}

/** Waits until the bot has fetched past `updateId`, i.e. handled it. */
async function handled(api: FakeBotApi, updateId: number): Promise<void> {
  await eventually(() =>
    api.callsOf("getUpdates").some((c) => Number(c.params.offset) > updateId) ? true : undefined,
  );
}

async function planSession(root: string, name: string) {
  const made = await sessionIn(root, name, {
    state: "waiting",
    waitingFor: "plan_approval",
    phase: "planning",
  });
  await writeFile(
    join(made.session.dir, "11-21-0901-plan-auth.md"),
    "# Plan: JWT <auth> & sessions\n\nsteps\n",
  );
  return made;
}

const noLoop = (id: string) => `no loop runs it now; go on with: samocode run ${id}`;

describe("Telegram control", () => {
  it("a reply to a waiting message answers the session's questions and leaves it ready to resume", async () => {
    const h = await harness();
    const { session, hook } = await sessionIn(
      h.root,
      "auth",
      { state: "waiting", waitingFor: "qa_answers", phase: "requirements" },
      QA,
    );
    const waiting = await h.announce(session, hook);
    expect(waiting.text).toContain("Q1. Which token format?");

    const reply = await h.say("JWT\nin <httpOnly> cookies & nowhere else", waiting.message_id);
    // No loop runs this session (it was never run), so the reply says how to go on instead of "resumes".
    expect(reply).toBe(`${session.id}: answered Q1, Q2; all questions are answered; ${noLoop(session.id)}`);
    const qa = await readQa(session.dir);
    expect(qa).toMatchObject({ ok: true, allAnswered: true });
    if (qa.ok)
      expect(qa.questions.map((q) => q.answer)).toEqual(["JWT", "in <httpOnly> cookies & nowhere else"]);
    const current = await readHook(session.dir);
    if (!current.ok) throw new Error(current.message);
    expect(await checkWait(session.dir, current.hook)).toMatchObject({ ready: true });
    expect(await readDecision(session.dir)).toEqual({ kind: "none" });
    expect(h.actions).toEqual([{ kind: "answer", session }]);
  });

  it("reads `Qn:` lines and reports what is still open; a bad reply changes nothing", async () => {
    const h = await harness();
    const { session, hook } = await sessionIn(
      h.root,
      "auth",
      { state: "waiting", waitingFor: "qa_answers", phase: "requirements" },
      QA,
    );
    const waiting = await h.announce(session, hook);
    expect(await h.say("one\ntwo\nthree", waiting.message_id)).toMatch(/3 answers for 2 open question/);
    expect(await readFile(join(session.dir, "_qa.md"), "utf8")).toBe(QA);
    expect(await h.say("Q2: cookies", waiting.message_id)).toBe(`${session.id}: answered Q2; still open: Q1`);
  });

  it("the Approve button approves the plan through a decision and removes the buttons", async () => {
    const h = await harness();
    const { session, hook } = await planSession(h.root, "api");
    const plan = await h.announce(session, hook);
    expect(plan.text.split("\n")[1]).toBe("Plan: JWT <auth> & sessions");
    const before = h.api.sent().length;
    h.api.injectCallback({ chatId: CHAT, messageId: plan.message_id, data: `approve:${session.id}` });
    const reply = await eventually(() => h.api.sent()[before]);
    expect(reply.text).toBe(
      `${session.id}: plan approved; the session moves to implementation; ${noLoop(session.id)}`,
    );
    expect(await readDecision(session.dir)).toMatchObject({
      kind: "ok",
      decision: { action: "approve", from: "human" },
    });
    await eventually(() => (h.api.callsOf("editMessageReplyMarkup").length > 0 ? true : undefined));
    expect(h.api.callsOf("answerCallbackQuery")[0]?.params).toMatchObject({ text: "Approved" });
    expect(h.actions).toEqual([{ kind: "approve", session }]);
  });

  it("the Reject button asks for feedback, and the reply rejects the plan with it", async () => {
    const h = await harness();
    const { session, hook } = await planSession(h.root, "api");
    const plan = await h.announce(session, hook);
    const before = h.api.sent().length;
    h.api.injectCallback({ chatId: CHAT, messageId: plan.message_id, data: `reject:${session.id}` });
    const prompt = await eventually(() => h.api.sent()[before]);
    expect(prompt.text).toBe(
      `✍️ ${session.id}: reply with what must change in the plan; your reply rejects it.`,
    );
    expect(prompt.replyMarkup).toMatchObject({ force_reply: true });
    expect(await readDecision(session.dir)).toEqual({ kind: "none" });

    const reply = await h.say(TRICKY, prompt.message_id);
    expect(reply).toBe(
      `${session.id}: plan rejected; the session revises it with your feedback; ${noLoop(session.id)}`,
    );
    expect(await readDecision(session.dir)).toMatchObject({
      kind: "ok",
      decision: { action: "reject", from: "human", feedback: TRICKY },
    });
  });

  it("answers /status, /approve, /reject, /send and /stop with one line each, refusals included", async () => {
    const h = await harness();
    const auth = await sessionIn(
      h.root,
      "auth",
      { state: "waiting", waitingFor: "qa_answers", phase: "requirements" },
      QA,
    );
    const api = await planSession(h.root, "api");
    const status = await h.say("/status");
    expect(status.split("\n")).toEqual([
      `${api.session.id} · planning · waiting for plan_approval · iteration 0 · $0.00`,
      `${auth.session.id} · requirements · waiting for qa_answers · iteration 0 · $0.00`,
    ]);
    expect(await h.say("/approve auth")).toBe(
      `${auth.session.id} is not waiting for plan approval (waiting for qa_answers)`,
    );
    expect(await h.say("/reject api")).toMatch(/needs feedback/);
    expect(await h.say("/reject api use\nrefresh tokens")).toMatch(/plan rejected/);
    expect(await readDecision(api.session.dir)).toMatchObject({
      decision: { action: "reject", feedback: "use\nrefresh tokens" },
    });
    expect(await h.say("/send auth please use <b>JWT</b> & _cookies_")).toMatch(
      new RegExp(`^sent \\S+ to ${auth.session.id}; no loop runs it now`),
    );
    const inbox = await listPending(auth.session.dir);
    expect(inbox.messages.map((m) => [m.from, m.body])).toEqual([
      ["human", "please use <b>JWT</b> & _cookies_"],
    ]);
    expect(await h.say("/stop auth")).toBe(
      `${auth.session.id}: its PM2 worker stopped; paused until: samocode resume ${auth.session.id}`,
    );
    expect(h.stops).toEqual([auth.session.id]);
    expect(await h.say("/approve nosuch")).toMatch(/no session matches "nosuch"/);
    expect(await h.say("hello?")).toMatch(/^Commands: \/status/);
    expect(h.actions.map((a) => a.kind)).toEqual(["reject", "send", "stop"]);
  });

  it("answers a failing action with one line and goes on", async () => {
    const h = await harness();
    h.failPm2("pm2 is not reachable");
    await sessionIn(h.root, "auth", {});
    expect(await h.say("/stop auth")).toBe("that failed: pm2 is not reachable");
    expect(await h.say("/status")).toMatch(/auth · investigation · running/);
    expect(await h.logText()).toContain("handling an update failed");
  });

  it("ignores a stranger's messages, commands, replies and button presses, logging them without their text", async () => {
    const h = await harness();
    const qa = await sessionIn(
      h.root,
      "auth",
      { state: "waiting", waitingFor: "qa_answers", phase: "requirements" },
      QA,
    );
    const plan = await planSession(h.root, "api");
    const waiting = await h.announce(qa.session, qa.hook);
    const planMessage = await h.announce(plan.session, plan.hook);
    const sentBefore = h.api.sent().length;
    const secret = "stranger-secret-text";
    h.api.injectMessage({ chatId: STRANGER, text: `JWT ${secret}\nnope`, replyTo: waiting.message_id });
    h.api.injectMessage({ chatId: STRANGER, text: `/send auth ${secret}` });
    h.api.injectMessage({ chatId: STRANGER, text: "/approve api" });
    h.api.injectMessage({ chatId: STRANGER, text: "/stop auth" });
    h.api.injectCallback({
      chatId: STRANGER,
      messageId: planMessage.message_id,
      data: `approve:${plan.session.id}`,
    });
    const last = h.api.injectCallback({
      chatId: STRANGER,
      messageId: planMessage.message_id,
      data: `reject:${plan.session.id}`,
    });
    await handled(h.api, last.update_id);

    expect(await readFile(join(qa.session.dir, "_qa.md"), "utf8")).toBe(QA);
    expect(await readDecision(plan.session.dir)).toEqual({ kind: "none" });
    expect((await listPending(qa.session.dir)).messages).toEqual([]);
    expect(h.api.sent()).toHaveLength(sentBefore);
    expect(h.api.callsOf("answerCallbackQuery")).toEqual([]);
    expect(h.stops).toEqual([]);
    expect(h.actions).toEqual([]);
    const log = await h.logText();
    expect(log.match(/ignored an update from another chat/g)).toHaveLength(6);
    expect(log).not.toContain(secret);
  });

  it("never acts twice on an update Telegram delivers again after a restart", async () => {
    const api = await fakeBotApi(100);
    const root = await makeTempDir();
    const stateDir = await makeTempDir();
    const { logger, text } = await readableLogger();
    const auth = await sessionIn(root, "auth", { state: "running", phase: "implementation" });
    const start = () =>
      startTelegramControl({
        token: TOKEN,
        chatId: CHAT,
        apiRoot: api.apiRoot,
        projects: projectsOn(root),
        stateDir,
        logger,
        retryMs: 100,
      });
    const first = start();
    const update = api.injectMessage({ chatId: CHAT, text: "/send auth add the index" });
    await eventually(() => api.sent()[0]);
    await first.stop();
    // The first poller died before confirming it, so Telegram hands it to the next one.
    api.redeliver(update);
    const second = start();
    onTestFinished(() => second.stop());
    await eventually(async () => ((await text()).includes("update already handled") ? true : undefined));
    const later = api.injectMessage({ chatId: CHAT, text: "/send auth and a test" });
    await handled(api, later.update_id);
    const inbox = await listPending(auth.session.dir);
    expect(inbox.messages.map((m) => m.body)).toEqual(["add the index", "and a test"]);
    expect(api.sent().filter((m) => m.text.startsWith("sent "))).toHaveLength(2);
  }, 20_000);

  it("keeps running while Telegram is down and obeys again once it is back, the token never logged", async () => {
    const h = await harness();
    await h.say("/status");
    await h.api.down();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    await h.api.up();
    expect(await h.say("/status")).toBe("no sessions");
    const log = await h.logText();
    expect(log).not.toContain(TOKEN);
    expect(log).not.toContain(TOKEN.split(":")[1]);
    // telegraf waits 5 s before polling again after a network error.
  }, 30_000);

  it("starts while Telegram is down, retrying the launch until it is up", async () => {
    const api = await fakeBotApi(100);
    await api.down();
    const root = await makeTempDir();
    const { logger, text } = await readableLogger();
    const control = startTelegramControl({
      token: TOKEN,
      chatId: CHAT,
      apiRoot: api.apiRoot,
      projects: projectsOn(root),
      logger,
      retryMs: 100,
    });
    onTestFinished(() => control.stop());
    await eventually(async () => ((await text()).includes("polling failed; retrying") ? true : undefined));
    await api.up();
    api.injectMessage({ chatId: CHAT, text: "/status" });
    expect((await eventually(() => api.sent()[0])).text).toBe("no sessions");
    expect(await text()).not.toContain(TOKEN.split(":")[1]);
    expect(await readdir(root)).toEqual([]);
  });
});
