// Where events go: always a log line, and Telegram when it is configured. `notify` never blocks and
// never throws, so no session or supervisor step ever waits on a human's messenger.
import type { Logger, TelegramConfig } from "@samocode/core";
import { formatIssues } from "@samocode/core";
import { renderEvent } from "./event-message.ts";
import { htmlToText } from "./html.ts";
import { type SessionEvent, SessionEventSchema } from "./session-event.ts";
import { createTelegramNotifier, type TelegramNotifierOptions } from "./telegram-notifier.ts";

export type Notifier = {
  /** Returns at once; delivery, if any, happens in the background. */
  notify: (event: SessionEvent) => void;
  /** Stops background delivery; what is undelivered stays queued on disk for the next start. */
  close: () => Promise<void>;
};

export function createLogNotifier(logger: Logger): Notifier {
  return {
    notify: (event) => {
      const text = htmlToText(renderEvent(event).html);
      logger.info(text.split("\n", 1)[0] ?? event.kind, { event: event.kind, id: event.id, text });
    },
    close: async () => {},
  };
}

/** Validates each event once at this edge; an invalid one is logged and dropped, a failing notifier logged. */
export function combineNotifiers(notifiers: readonly Notifier[], logger: Logger): Notifier {
  return {
    notify: (event) => {
      const parsed = SessionEventSchema.safeParse(event);
      if (!parsed.success) {
        logger.error("invalid notification dropped", { issues: formatIssues(parsed.error) });
        return;
      }
      for (const notifier of notifiers) {
        try {
          notifier.notify(parsed.data);
        } catch (error) {
          logger.error("a notifier failed", { event: event.kind, error: String(error) });
        }
      }
    },
    close: async () => {
      await Promise.all(notifiers.map((notifier) => notifier.close()));
    },
  };
}

export type NotifierOptions = {
  /** `config.runtime.telegram`: set when TELEGRAM_BOT_TOKEN and TELEGRAM_CHAT_ID are. */
  telegram: TelegramConfig | undefined;
  stateDir: string;
  logger: Logger;
  limits?: TelegramNotifierOptions["limits"];
  requestTimeoutMs?: number | undefined;
};

export async function createNotifier(options: NotifierOptions): Promise<Notifier> {
  const notifiers: Notifier[] = [createLogNotifier(options.logger)];
  const telegram = options.telegram;
  if (telegram !== undefined) {
    notifiers.push(
      await createTelegramNotifier({
        token: telegram.botToken,
        chatId: telegram.chatId,
        apiRoot: telegram.apiRoot,
        stateDir: options.stateDir,
        logger: options.logger,
        limits: options.limits,
        requestTimeoutMs: options.requestTimeoutMs,
      }),
    );
  }
  return combineNotifiers(notifiers, options.logger);
}
