// The last Telegram update the bot acted on (`telegram-updates.json` in the caller's state folder): Telegram
// redelivers every update a poller did not confirm before it died, so without this a restarted supervisor
// could run the same `/send` or approval twice. Within one bot, update ids grow; but after a week without
// updates Telegram may start them anywhere, and another token is another sequence. So the mark only counts
// for the same bot and for a day — as long as Telegram keeps an unconfirmed update.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ioError, isErrorCode, writeJsonAtomically } from "@samocode/core";
import { z } from "zod";

export const UPDATE_MARK_FILE = "telegram-updates.json";
const REDELIVERY_WINDOW_MS = 24 * 60 * 60 * 1000;

const MarkSchema = z.object({ botId: z.string(), lastUpdateId: z.number().int(), at: z.number() });
type Mark = z.infer<typeof MarkSchema>;

export type UpdateMark = {
  /** True when the update is new (and is now marked as handled); false for one handled before. */
  claim: (updateId: number) => Promise<boolean>;
};

/** `botId` is the token's part before `:`, never the secret after it. */
export function createUpdateMark(stateDir: string, botId: string, now: () => number = Date.now): UpdateMark {
  const path = join(stateDir, UPDATE_MARK_FILE);
  // Read at the first update, not at start: a mark that cannot be read fails that update (the human is told
  // why in the chat), never the supervisor's start.
  let last: Mark | undefined | null = null;
  return {
    claim: async (updateId) => {
      if (last === null) last = readMark(path);
      const current = last?.botId === botId && now() - last.at < REDELIVERY_WINDOW_MS ? last : undefined;
      if (current !== undefined && updateId <= current.lastUpdateId) return false;
      last = { botId, lastUpdateId: updateId, at: now() };
      await writeJsonAtomically(path, last);
      return true;
    },
  };
}

/**
 * A missing or damaged mark means "nothing handled yet": at worst one old update is acted on again. A mark
 * that is there but cannot be read (permissions, a folder in its place) is an io error: acting on every old
 * update again would repeat what humans did.
 */
function readMark(path: string): Mark | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) return undefined;
    throw ioError(`cannot read ${path}`, error);
  }
  const parsed = MarkSchema.safeParse(parseJsonOrUndefined(text));
  return parsed.success ? parsed.data : undefined;
}

function parseJsonOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (error instanceof SyntaxError) return undefined;
    throw error;
  }
}
