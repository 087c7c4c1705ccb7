// The Bot API methods telegraf calls, over an in-memory chat: the bot's messages, the updates waiting to
// be fetched, and long polling that holds a getUpdates briefly until an update is injected.
import { parseTelegramHtml } from "./telegram-html.ts";

export const FAKE_BOT = {
  id: 4242,
  is_bot: true,
  first_name: "Samocode Test",
  username: "samocode_test_bot",
};

export type ApiReply = { status: number; body: unknown };
export type Params = Record<string, unknown>;

export type StoredMessage = {
  message_id: number;
  chatId: string;
  /** What a reader sees (markup dropped, entities decoded). */
  text: string;
  /** What was sent, before parsing. */
  raw: string;
  parseMode: string | null;
  replyMarkup: unknown;
  fromBot: boolean;
};

export type Update = { update_id: number } & Record<string, unknown>;

export class BotApiState {
  messages: StoredMessage[] = [];
  updates: Update[] = [];
  private nextMessageId = 100;
  private nextUpdateId = 1;
  private nextCallbackId = 1;
  private waiters: (() => void)[] = [];

  handle(method: string, params: Params, holdMs: number): ApiReply | Promise<ApiReply> {
    switch (method) {
      case "getMe":
        return ok(FAKE_BOT);
      case "deleteWebhook":
      case "answerCallbackQuery":
        return ok(true);
      case "sendMessage":
        return this.sendMessage(params);
      case "editMessageReplyMarkup":
        return this.editMarkup(params);
      case "getUpdates":
        return this.getUpdates(params, holdMs);
      default:
        return {
          status: 404,
          body: { ok: false, error_code: 404, description: "Not Found: method not found" },
        };
    }
  }

  addUpdate(body: Record<string, unknown>): Update {
    const update: Update = { update_id: this.nextUpdateId++, ...body };
    this.updates.push(update);
    for (const wake of this.waiters.splice(0)) wake();
    return update;
  }

  /** Queues an update again, as Telegram does for one a crashed poller never confirmed. */
  redeliver(update: Update): void {
    this.updates.push(update);
    this.updates.sort((a, b) => a.update_id - b.update_id);
    for (const wake of this.waiters.splice(0)) wake();
  }

  injectMessage(
    chatId: string,
    fromId: number | undefined,
    text: string,
    replyTo: number | undefined,
  ): Update {
    const replied = replyTo === undefined ? undefined : this.find(replyTo);
    if (replyTo !== undefined && replied === undefined) throw new Error(`no message ${replyTo} to reply to`);
    return this.addUpdate({ message: this.userMessage(chatId, fromId ?? Number(chatId), text, replied) });
  }

  /** A press of a button on one of the bot's messages, by someone in `chatId`. */
  injectCallback(chatId: string, fromId: number | undefined, messageId: number, data: string): Update {
    const message = this.find(messageId);
    if (message === undefined) throw new Error(`no message ${messageId} to press a button on`);
    const from = { id: fromId ?? Number(chatId), is_bot: false, first_name: "Human" };
    const shown = { ...this.asTelegramMessage(message), chat: chat(chatId) };
    const query = { id: String(this.nextCallbackId++), from, chat_instance: "1", data, message: shown };
    return this.addUpdate({ callback_query: query });
  }

  private find(messageId: number): StoredMessage | undefined {
    return this.messages.find((m) => m.message_id === messageId);
  }

  /** A message from a human in `chatId` (ids as Telegram gives them: numbers). */
  private userMessage(
    chatId: string,
    fromId: number,
    text: string,
    replyTo: StoredMessage | undefined,
  ): Record<string, unknown> {
    const command = /^\/\S+/.exec(text);
    const message: Record<string, unknown> = {
      message_id: this.nextMessageId++,
      date: now(),
      chat: chat(chatId),
      from: { id: fromId, is_bot: false, first_name: "Human" },
      text,
      ...(command === null
        ? {}
        : { entities: [{ type: "bot_command", offset: 0, length: command[0].length }] }),
    };
    if (replyTo !== undefined) message.reply_to_message = this.asTelegramMessage(replyTo);
    return message;
  }

  asTelegramMessage(stored: StoredMessage): Record<string, unknown> {
    return {
      message_id: stored.message_id,
      date: now(),
      chat: chat(stored.chatId),
      from: stored.fromBot ? FAKE_BOT : { id: Number(stored.chatId), is_bot: false, first_name: "Human" },
      text: stored.text,
      ...(stored.replyMarkup === undefined ? {} : { reply_markup: stored.replyMarkup }),
    };
  }

  wakeAll(): void {
    for (const wake of this.waiters.splice(0)) wake();
  }

  private sendMessage(params: Params): ApiReply {
    const raw = String(params.text ?? "");
    const parseMode = typeof params.parse_mode === "string" ? params.parse_mode : null;
    let text = raw;
    if (parseMode === "HTML") {
      const parsed = parseTelegramHtml(raw);
      if (!parsed.ok) return { status: 400, body: { ok: false, error_code: 400, description: parsed.error } };
      text = parsed.text;
    }
    if (text.trim() === "") return badRequest("Bad Request: message text is empty");
    if (text.length > 4096) return badRequest("Bad Request: message is too long");
    const stored: StoredMessage = {
      message_id: this.nextMessageId++,
      chatId: String(params.chat_id),
      text,
      raw,
      parseMode,
      replyMarkup: params.reply_markup,
      fromBot: true,
    };
    this.messages.push(stored);
    return ok(this.asTelegramMessage(stored));
  }

  private editMarkup(params: Params): ApiReply {
    const stored = this.messages.find(
      (m) => m.message_id === Number(params.message_id) && m.chatId === String(params.chat_id),
    );
    if (stored === undefined) return badRequest("Bad Request: message to edit not found");
    stored.replyMarkup = params.reply_markup;
    return ok(this.asTelegramMessage(stored));
  }

  private async getUpdates(params: Params, holdMs: number): Promise<ApiReply> {
    const offset = Number(params.offset ?? 0);
    // An offset confirms every update before it: Telegram forgets them.
    if (offset > 0) this.updates = this.updates.filter((u) => u.update_id >= offset);
    if (this.updates.length === 0) {
      const wait = Math.min(Number(params.timeout ?? 0) * 1000, holdMs);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, wait);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    const limit = Number(params.limit ?? 100);
    return ok(this.updates.slice(0, limit > 0 ? limit : 100));
  }
}

function ok(result: unknown): ApiReply {
  return { status: 200, body: { ok: true, result } };
}

function badRequest(description: string): ApiReply {
  return { status: 400, body: { ok: false, error_code: 400, description } };
}

function chat(chatId: string): Record<string, unknown> {
  return { id: Number(chatId), type: "private", first_name: "Human" };
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}
