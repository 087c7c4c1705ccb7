// The bot's handlers: the chat guard first, then commands, plan buttons and replies, each answered with
// one plain-text line. Replies and button data name their session; nothing is remembered between updates.
import { resolveSessionRef } from "@samocode/core";
import type { Context, Telegraf } from "telegraf";
import { decodeButton, resolveButtonSession } from "./callback-data.ts";
import {
  type ActionResult,
  answerQuestions,
  decidePlan,
  planRefusal,
  sendToSession,
  statusText,
} from "./control-actions.ts";
import { HEADER_ICONS, type HeaderPurpose, header, parseHeader } from "./message-header.ts";
import type { ControlAction, TelegramControlOptions } from "./telegram-control.ts";

type Options = TelegramControlOptions & { scrub: (error: unknown) => string };

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
    await say(ctx, options, outcome.text);
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
    await answerReply(ctx, options, act, target, text);
  });
}

function registerCommands(bot: Telegraf<Context>, options: Options, act: Act): void {
  const root = options.sessionsRoot;
  bot.command("status", async (ctx) => say(ctx, options, await statusText(root)));
  bot.command(["start", "help"], (ctx) => say(ctx, options, HELP));
  bot.command("approve", async (ctx) => {
    const { ref, rest } = commandArgs(ctx.message.text);
    if (ref === undefined) return say(ctx, options, "usage: /approve <session> [notes]");
    await act(ctx, "approve", decidePlan(root, ref, "approve", rest));
  });
  bot.command("reject", async (ctx) => {
    const { ref, rest } = commandArgs(ctx.message.text);
    if (ref === undefined) return say(ctx, options, "usage: /reject <session> <feedback>");
    await act(ctx, "reject", decidePlan(root, ref, "reject", rest));
  });
  bot.command("send", async (ctx) => {
    const { ref, rest } = commandArgs(ctx.message.text);
    if (ref === undefined || rest === "") return say(ctx, options, "usage: /send <session> <text>");
    await act(ctx, "send", sendToSession(root, ref, rest));
  });
  bot.command("stop", async (ctx) => stopCommand(ctx, options, commandArgs(ctx.message.text).ref));
}

/** A reply to one of the bot's messages: what it does depends on which message it answers. */
async function answerReply(
  ctx: Context,
  options: Options,
  act: Act,
  target: { purpose: HeaderPurpose | null; session: string },
  text: string,
): Promise<void> {
  const root = options.sessionsRoot;
  switch (target.purpose) {
    case "questions":
      await act(ctx, "answer", answerQuestions(root, target.session, text));
      return;
    case "rejectFeedback":
      await act(ctx, "reject", decidePlan(root, target.session, "reject", text));
      return;
    case "humanAction":
      await act(ctx, "send", sendToSession(root, target.session, text));
      return;
    case "plan":
      return say(ctx, options, "Use the Approve or Reject button on the plan, or /approve, /reject.");
    default:
      return say(ctx, options, HELP);
  }
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
  const found = await resolveButtonSession(options.sessionsRoot, data);
  if (!found.ok) return answerQuery(ctx, options, found.reason);
  const { session } = found;
  if (data.action === "approve") {
    const outcome = await act(ctx, "approve", decidePlan(options.sessionsRoot, session.id, "approve"));
    await answerQuery(ctx, options, outcome.ok ? "Approved" : "Refused");
    if (outcome.ok) await removeButtons(ctx, options);
    return;
  }
  const refusal = await planRefusal(options.sessionsRoot, session.id);
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

async function stopCommand(ctx: Context, options: Options, ref: string | undefined): Promise<void> {
  if (ref === undefined) return say(ctx, options, "usage: /stop <session>");
  if (options.stopSession === undefined)
    return say(ctx, options, "stopping is not available here; use samocode stop");
  const found = await resolveSessionRef(options.sessionsRoot, ref);
  if (!found.ok) return say(ctx, options, found.reason);
  const stopped = await options.stopSession(found.session);
  await say(ctx, options, stopped.ok ? stopped.message : stopped.reason);
  if (stopped.ok) await notifyAction(options, { kind: "stop", session: found.session });
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
