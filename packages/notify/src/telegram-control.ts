// Two-way control through the bot, hosted by the supervisor (the only process that polls for updates):
// commands, replies to waiting messages and plan buttons, obeyed only from the configured chat. Telegram
// being down or refusing never throws out of here: polling is relaunched with a growing delay.
import { delay as pause, scrubText } from "@samocode/core";
import { type Context, Telegraf } from "telegraf";
import { type HandlerOptions, registerHandlers } from "./control-handlers.ts";
import { telegramOptions } from "./telegram-send.ts";
import { createUpdateMark } from "./update-mark.ts";

export type { ControlAction } from "./control-handlers.ts";

export type TelegramControlOptions = HandlerOptions & {
  token: string;
  apiRoot?: string | undefined;
  /** Where the last handled update id is kept, so a restart never acts on the same update twice. */
  stateDir?: string | undefined;
  /** First delay before relaunching polling after a failure; doubles up to `maxRetryMs`. */
  retryMs?: number | undefined;
  maxRetryMs?: number | undefined;
};

export type TelegramControl = { stop: () => Promise<void> };

const STOP_WAIT_MS = 3000;

export function startTelegramControl(options: TelegramControlOptions): TelegramControl {
  const bot = new Telegraf<Context>(options.token, { telegram: telegramOptions(options.apiRoot) });
  const scrub = (error: unknown) =>
    scrubText(error instanceof Error ? error.message : String(error), [options.token]);
  if (options.stateDir !== undefined) {
    const mark = createUpdateMark(options.stateDir, options.token.split(":")[0] ?? "");
    // Before every handler: an update Telegram delivers again after a crash (it was never confirmed) is
    // dropped here. Marked before it is handled, so a crash mid-action loses that one action rather than
    // doing it twice; the human sees no confirmation and can send it again.
    bot.use(async (ctx, next) => {
      if (!(await mark.claim(ctx.update.update_id))) {
        options.logger.info("telegram: update already handled; ignored", { update: ctx.update.update_id });
        return;
      }
      await next();
    });
  }
  registerHandlers(bot, { ...options, scrub });
  // Only handlers past the chat guard can fail here, so the one-line failure goes to the configured chat.
  bot.catch(async (error, ctx) => {
    options.logger.error("telegram: handling an update failed", {
      update: ctx.updateType,
      error: scrub(error),
    });
    await ctx.reply(`that failed: ${scrub(error)}`.slice(0, 4000)).catch((replyError: unknown) => {
      options.logger.warn("telegram: replying failed", { error: scrub(replyError) });
    });
  });
  const stopping = new AbortController();
  const polling = keepPolling(bot, options, stopping.signal, scrub);
  return {
    stop: async () => {
      stopping.abort();
      let settled = false;
      void polling.then(() => {
        settled = true;
      });
      // `bot.stop` refuses while a launch is still between getMe and its first getUpdates, so it is retried
      // until polling ends. Confirming the last offset can hang on a stalled server: shutdown waits a bound.
      const deadline = Date.now() + STOP_WAIT_MS;
      while (!settled && Date.now() < deadline) {
        try {
          bot.stop("supervisor stopping");
        } catch (error) {
          options.logger.debug("telegram: not polling yet", { error: scrub(error) });
        }
        await Promise.race([polling, pause(50, new AbortController().signal)]);
      }
    },
  };
}

async function keepPolling(
  bot: Telegraf<Context>,
  options: TelegramControlOptions,
  signal: AbortSignal,
  scrub: (error: unknown) => string,
): Promise<void> {
  const first = options.retryMs ?? 5000;
  const max = options.maxRetryMs ?? 60_000;
  let delay = first;
  while (!signal.aborted) {
    try {
      await bot.launch({ dropPendingUpdates: false }, () => {
        // Throwing here ends a launch whose getMe returned after stop(), before it starts polling.
        if (signal.aborted) throw new Error("stopping");
        delay = first;
        options.logger.info("telegram: listening for commands", { chat: options.chatId });
      });
      if (signal.aborted) return;
      options.logger.warn("telegram: polling ended; starting it again");
    } catch (error) {
      if (signal.aborted) return;
      options.logger.warn("telegram: polling failed; retrying", { error: scrub(error), retryInMs: delay });
    }
    await pause(delay, signal);
    delay = Math.min(max, delay * 2);
  }
}
