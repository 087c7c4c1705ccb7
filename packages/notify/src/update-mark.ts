// The last Telegram update the bot acted on (`telegram-updates.json` in the caller's state folder): Telegram
// redelivers every update a poller did not confirm before it died, so without this a restarted supervisor
// could run the same `/send` or approval twice. Update ids only grow, so one number is the whole memory.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { writeJsonAtomically } from "@samocode/core";
import { z } from "zod";

export const UPDATE_MARK_FILE = "telegram-updates.json";

const MarkSchema = z.object({ lastUpdateId: z.number().int() });

export type UpdateMark = {
  /** True when the update is new (and is now marked as handled); false for one handled before. */
  claim: (updateId: number) => Promise<boolean>;
};

export function createUpdateMark(stateDir: string): UpdateMark {
  const path = join(stateDir, UPDATE_MARK_FILE);
  let last = readMark(path);
  return {
    claim: async (updateId) => {
      if (last !== undefined && updateId <= last) return false;
      last = updateId;
      await writeJsonAtomically(path, { lastUpdateId: updateId });
      return true;
    },
  };
}

/** A missing or damaged mark means "nothing handled yet": at worst one old update is acted on again. */
function readMark(path: string): number | undefined {
  try {
    const parsed = MarkSchema.safeParse(JSON.parse(readFileSync(path, "utf8")));
    return parsed.success ? parsed.data.lastUpdateId : undefined;
  } catch {
    return undefined;
  }
}
