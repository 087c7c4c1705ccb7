// The bot's handlers: the chat guard first, then commands, plan buttons and replies, each answered with
// one plain-text line. Replies and button data name their session; nothing is remembered between updates.
import {
  type ActionEnv,
  type ActionResult,
  answerQuestions,
  decidePlan,
  entriesFromText,
  type Logger,
  planRefusal,
  readQa,
  resolveSessionRef,
  type SessionRef,
  sendToSession,
  statusLines,
  stopSession,
} from "@samocode/core";
import type { Context, Telegraf } from "telegraf";
import { decodeButton, resolveButtonSession } from "./callback-data.ts";
import { joinWithin, MAX_MESSAGE_CHARS } from "./html.ts";
import { HEADER_ICONS, type HeaderPurpose, header, parseHeader } from "./message-header.ts";
import { routeSession, type ServedProject } from "./session-routing.ts";

export type ControlAction = { kind: "approve" | "reject" | "answer" | "send" | "stop"; session: SessionRef };

/** What the handlers need from whoever hosts the bot. */
export type HandlerOptions = {
  /** TELEGRAM_CHAT_ID: the only chat obeyed (a numeric id, or `@channel`). */
  chatId: string;
  /** The projects whose sessions the bot acts on, each with the same human actions as the CLI. */
  projects: () => Promise<readonly ServedProject[]>;
  logger: Logger;
  /** Called after every action that changed a session (e.g. to reconcile at once). Failures are logged. */
  onAction?: ((action: ControlAction) => void | Promise<void>) | undefined;
};

type Options = HandlerOptions & { scrub: (error: unknown) => string };

export const HELP =
  "Commands: /status, /approve <session>, /reject <session> <feedback>, /send <session> <text>, /stop <session>. " +
  "Reply to a waiting message to answer its questions.";

export function registerHandlers(bot: Telegraf<Context>, options: Options): void {
  bot.use(async (ctx, next) => {
    if (isConfiguredChat(ctx, options.chatId)) return next();
    // Only who and what kind: a stranger's text is not ours to keep.
    options.logger.warn("telegram: ignored an update from another chat", {
      chat: ctx.chat?.id ?? null,
      from: ctx.from?.id ?? null,
      update: ctx.updateType,
    });
  });
  const act: Act = async (ctx, kind, result) => {
    const outcome = await result;
    await say(ctx, options, outcome.ok ? outcome.message : outcome.reason);
    if (outcome.ok) await notifyAction(options, { kind, session: outcome.session });
    return outcome;
  };
  registerCommands(bot, options, act);
  bot.on("callback_query", async (ctx) => pressButton(ctx, options, act));
  bot.on("message", async (ctx) => {
    const message = ctx.message;
    const reply = "reply_to_message" in message ? message.reply_to_message : undefined;
    const repliedText = reply !== undefined && "text" in reply ? reply.text : undefined;
    const ours = reply?.from?.id === ctx.botInfo.id;
    const target = ours && repliedText !== undefined ? parseHeader(repliedText) : null;
    const text = "text" in message ? message.text : undefined;
    if (text === undefined || target === null) return say(ctx, options, HELP);
    await replyTo(ctx, options, act, target, text);
  });
}

function registerCommands(bot: Telegraf<Context>, options: Options, act: Act): void {
  bot.command("status", async (ctx) => say(ctx, options, await statusText(await options.projects())));
  bot.command(["start", "help"], (ctx) => say(ctx, options, HELP));
  bot.command("approve", async (ctx) => {
    const { ref, rest } = commandArgs(ctx.message.text);
    if (ref === undefined) return say(ctx, options, "usage: /approve <session> [notes]");
    await act(
      ctx,
      "approve",
      routed(options, ref, (env, id) => decidePlan(env, id, "approve", rest)),
    );
  });
  bot.command("reject", async (ctx) => {
    const { ref, rest } = commandArgs(ctx.message.text);
    if (ref === undefined) return say(ctx, options, "usage: /reject <session> <feedback>");
    await act(
      ctx,
      "reject",
      routed(options, ref, (env, id) => decidePlan(env, id, "reject", rest)),
    );
  });
  bot.command("send", async (ctx) => {
    const { ref, rest } = commandArgs(ctx.message.text);
    if (ref === undefined || rest === "") return say(ctx, options, "usage: /send <session> <text>");
    await act(
      ctx,
      "send",
      routed(options, ref, (env, id) => sendToSession(env, id, rest)),
    );
  });
  bot.command("stop", async (ctx) => {
    const { ref } = commandArgs(ctx.message.text);
    if (ref === undefined) return say(ctx, options, "usage: /stop <session>");
    await act(
      ctx,
      "stop",
      routed(options, ref, (env, id) => stopSession(env, id)),
    );
  });
}

/** Finds the session's project (session-routing.ts), then runs the action there. */
async function routed(
  options: Options,
  ref: string,
  action: (env: ActionEnv, sessionId: string) => Promise<ActionResult>,
): Promise<ActionResult> {
  const found = await routeSession(await options.projects(), ref);
  if (!found.ok) return { ok: false, kind: "refused", reason: found.reason };
  return action(found.project.actions, found.session.id);
}

/** A reply to one of the bot's messages: what it does depends on which message it answers. */
async function replyTo(
  ctx: Context,
  options: Options,
  act: Act,
  target: { purpose: HeaderPurpose | null; session: string },
  text: string,
): Promise<void> {
  switch (target.purpose) {
    case "questions":
      await act(
        ctx,
        "answer",
        routed(options, target.session, (env, id) => answerReply(env, id, text)),
      );
      return;
    case "rejectFeedback":
      await act(
        ctx,
        "reject",
        routed(options, target.session, (env, id) => decidePlan(env, id, "reject", text)),
      );
      return;
    case "humanAction":
      await act(
        ctx,
        "send",
        routed(options, target.session, (env, id) => sendToSession(env, id, text)),
      );
      return;
    case "plan":
      return say(ctx, options, "Use the Approve or Reject button on the plan, or /approve, /reject.");
    default:
      return say(ctx, options, HELP);
  }
}

/** A reply to a waiting message's questions: its text cut into answers by the one answer grammar. */
async function answerReply(env: ActionEnv, ref: string, text: string): Promise<ActionResult> {
  const found = await resolveSessionRef(env.sessionsRoot, ref);
  if (!found.ok) return { ok: false, kind: "refused", reason: found.reason };
  const qa = await readQa(found.session.dir);
  const open = qa.ok ? qa.questions.filter((q) => q.answer === null).length : 0;
  const entries = entriesFromText(text, open);
  if ("reason" in entries)
    return { ok: false, kind: "refused", reason: `${found.session.id}: ${entries.reason}` };
  return answerQuestions(env, found.session.id, entries);
}

/** One line per session, within one Telegram message; with several projects, each line names its project. */
async function statusText(projects: readonly ServedProject[]): Promise<string> {
  const lines: string[] = [];
  for (const project of projects) {
    const own = await statusLines(project.actions.sessionsRoot);
    lines.push(...(projects.length > 1 ? own.map((line) => `${project.id}/${line}`) : own));
  }
  if (lines.length === 0) return "no sessions";
  return joinWithin(lines, MAX_MESSAGE_CHARS, (left) => `… ${left} more; samocode status shows all`);
}

type Act = (
  ctx: Context,
  kind: ControlAction["kind"],
  result: Promise<ActionResult>,
) => Promise<ActionResult>;

async function pressButton(ctx: Context, options: Options, act: Act): Promise<void> {
  const query = ctx.callbackQuery;
  const data = query !== undefined && "data" in query ? decodeButton(query.data) : null;
  if (data === null) return answerQuery(ctx, options, "This button is not known.");
  const found = await resolveButtonSession(await options.projects(), data);
  if (!found.ok) return answerQuery(ctx, options, found.reason);
  const { session } = found;
  const env = found.project.actions;
  if (data.action === "approve") {
    const outcome = await act(ctx, "approve", decidePlan(env, session.id, "approve"));
    await answerQuery(ctx, options, outcome.ok ? "Approved" : "Refused");
    if (outcome.ok) await removeButtons(ctx, options);
    return;
  }
  const refusal = await planRefusal(env, session.id);
  if (refusal !== undefined) {
    await answerQuery(ctx, options, "Refused");
    return say(ctx, options, refusal);
  }
  await answerQuery(ctx, options, "Reply with what must change");
  const prompt = header(
    HEADER_ICONS.rejectFeedback,
    session.id,
    "reply with what must change in the plan; your reply rejects it.",
  );
  await guarded(options, "asking for feedback", () =>
    ctx.reply(prompt, {
      parse_mode: "HTML",
      reply_markup: { force_reply: true, input_field_placeholder: "What must change" },
    }),
  );
  await removeButtons(ctx, options);
}

function isConfiguredChat(ctx: Context, chatId: string): boolean {
  const chat = ctx.chat;
  if (chat === undefined) return false;
  if (chatId.startsWith("@")) return "username" in chat && `@${chat.username}` === chatId;
  return String(chat.id) === chatId;
}

/** A command's session and the rest of its text (which may span lines). */
export function commandArgs(text: string): { ref: string | undefined; rest: string } {
  const match = /^\/\S+\s*(\S*)\s*([\s\S]*)$/.exec(text);
  const ref = match?.[1] ?? "";
  return { ref: ref === "" ? undefined : ref, rest: (match?.[2] ?? "").trim() };
}

async function say(ctx: Context, options: Options, text: string): Promise<void> {
  await guarded(options, "replying", () => ctx.reply(text.slice(0, 4000)));
}

async function answerQuery(ctx: Context, options: Options, text: string): Promise<void> {
  await guarded(options, "answering a button", () => ctx.answerCbQuery(text.slice(0, 190)));
}

async function removeButtons(ctx: Context, options: Options): Promise<void> {
  await guarded(options, "removing buttons", () => ctx.editMessageReplyMarkup(undefined));
}

async function notifyAction(options: Options, action: ControlAction): Promise<void> {
  await guarded(options, "the action hook", async () => options.onAction?.(action));
}

/** A failed call to Telegram (or to the supervisor's hook) is logged; the action itself already happened. */
async function guarded(options: Options, what: string, call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    options.logger.warn(`telegram: ${what} failed`, { error: options.scrub(error) });
  }
}
