// The Telegram transport of notifications: each event rendered once and handed to the persisted outbox.
import { mkdir } from "node:fs/promises";
import type { Logger } from "@samocode/core";
import { renderEvent } from "./event-message.ts";
import { eventSession, type SessionEvent } from "./session-event.ts";
import { type OutboxLimits, openOutbox } from "./telegram-outbox.ts";
import { createSender, type TelegramTarget } from "./telegram-send.ts";

export const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;

export type TelegramNotifierOptions = TelegramTarget & {
  /** Where the outbox and the sent record live (the supervisor's state folder). */
  stateDir: string;
  logger: Logger;
  limits?: Partial<OutboxLimits> | undefined;
  requestTimeoutMs?: number | undefined;
};

/** A Notifier (notifier.ts) that can also say when everything queued has been sent. */
export type TelegramNotifier = {
  notify: (event: SessionEvent) => void;
  close: () => Promise<void>;
  idle: () => Promise<void>;
};

export async function createTelegramNotifier(options: TelegramNotifierOptions): Promise<TelegramNotifier> {
  await mkdir(options.stateDir, { recursive: true });
  const outbox = await openOutbox({
    stateDir: options.stateDir,
    send: createSender(options, options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS),
    logger: options.logger,
    limits: options.limits,
  });
  return {
    notify: (event) => {
      outbox.enqueue({
        id: event.id,
        kind: event.kind,
        session: eventSession(event),
        message: renderEvent(event),
      });
    },
    idle: outbox.idle,
    close: outbox.close,
  };
}
