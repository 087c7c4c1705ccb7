// One sendMessage call through telegraf, with a deadline, its failure sorted into what the outbox does
// next. Error text is scrubbed of the bot token before it leaves this file.
import { scrubText } from "@samocode/core";
import { Telegram, TelegramError } from "telegraf";
import type { InlineButton } from "./event-message.ts";

export type TelegramTarget = { token: string; chatId: string; apiRoot?: string | undefined };

export type SendResult =
  | { ok: true; messageId: number }
  | { ok: false; kind: "rate-limited"; retryAfterMs: number; message: string }
  /** Worth retrying: network down, timeout, a 5xx. */
  | { ok: false; kind: "transient"; message: string }
  /** Retrying the same request cannot help: a 4xx such as a bad chat id or a revoked token. */
  | { ok: false; kind: "permanent"; message: string }
  | { ok: false; kind: "aborted"; message: string };

// telegraf types the signal as the abort-controller polyfill's; node-fetch takes the native one as well.
type CallApiSignal = NonNullable<NonNullable<Parameters<Telegram["callApi"]>[2]>["signal"]>;

export type Sender = (html: string, buttons: InlineButton[], signal: AbortSignal) => Promise<SendResult>;

/** telegraf resolves method URLs against the root, which drops a last path segment without a slash. */
export function telegramOptions(apiRoot: string | undefined): { apiRoot?: string } {
  if (apiRoot === undefined) return {};
  return { apiRoot: apiRoot.endsWith("/") ? apiRoot : `${apiRoot}/` };
}

export function createSender(target: TelegramTarget, requestTimeoutMs: number): Sender {
  const telegram = new Telegram(target.token, telegramOptions(target.apiRoot));
  return async (html, buttons, signal) => {
    const deadline = AbortSignal.any([signal, AbortSignal.timeout(requestTimeoutMs)]);
    try {
      const sent = await telegram.callApi(
        "sendMessage",
        {
          chat_id: target.chatId,
          text: html,
          parse_mode: "HTML",
          link_preview_options: { is_disabled: true },
          ...(buttons.length === 0
            ? {}
            : {
                reply_markup: {
                  inline_keyboard: [buttons.map((b) => ({ text: b.text, callback_data: b.data }))],
                },
              }),
        },
        { signal: deadline as unknown as CallApiSignal },
      );
      return { ok: true, messageId: sent.message_id };
    } catch (error) {
      return classify(error, signal.aborted, target.token);
    }
  };
}

export function classify(error: unknown, closing: boolean, token: string): Exclude<SendResult, { ok: true }> {
  const message = scrubText(error instanceof Error ? error.message : String(error), [token]);
  if (closing) return { ok: false, kind: "aborted", message };
  if (error instanceof TelegramError) {
    if (error.code === 429) {
      const seconds = error.parameters?.retry_after ?? 1;
      return { ok: false, kind: "rate-limited", retryAfterMs: seconds * 1000, message };
    }
    if (error.code >= 500) return { ok: false, kind: "transient", message };
    return { ok: false, kind: "permanent", message };
  }
  return { ok: false, kind: "transient", message };
}
