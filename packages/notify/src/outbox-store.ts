// The Telegram outbox on disk (`telegram-outbox.json` in the caller's state folder): the messages not yet
// delivered, the ids already sent, and the one being sent right now. Written atomically after every change,
// so a restart neither loses an undelivered message nor sends a delivered one again.
import { readFile, rename } from "node:fs/promises";
import { join } from "node:path";
import { formatIssues, writeJsonAtomically } from "@samocode/core";
import { z } from "zod";

export const OUTBOX_FILE = "telegram-outbox.json";
/** Enough to cover every id a supervisor can re-derive (see CATCH_UP_MS); older ones fall off. */
export const SENT_IDS_KEPT = 5000;

export const OutboxItemSchema = z.object({
  id: z.string().min(1),
  kind: z.string(),
  session: z.string().nullable(),
  html: z.string(),
  buttons: z.array(z.object({ text: z.string(), data: z.string() })),
  queuedAt: z.iso.datetime({ offset: true }),
  /** Failed attempts so far (rate limits do not count). */
  tries: z.number().int().nonnegative(),
});
export type OutboxItem = z.infer<typeof OutboxItemSchema>;

export const OutboxStateSchema = z.object({
  version: z.literal(1),
  sent: z.array(z.string()),
  pending: z.array(OutboxItemSchema),
  /** Set just before a request and cleared after it: still set on load means the process died while a
   * message was on its way, so it counts as sent (at most once). */
  inFlight: z.string().nullable(),
});
export type OutboxState = z.infer<typeof OutboxStateSchema>;

export type OutboxLoad = { state: OutboxState; problem: string | null };

export function emptyOutbox(): OutboxState {
  return { version: 1, sent: [], pending: [], inFlight: null };
}

/** A missing file is an empty outbox; an unreadable one is moved aside (reported) so nothing is lost. */
export async function loadOutbox(stateDir: string): Promise<OutboxLoad> {
  const path = join(stateDir, OUTBOX_FILE);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { state: emptyOutbox(), problem: null };
    return { state: emptyOutbox(), problem: `cannot read ${path}: ${String(error)}` };
  }
  let problem: string;
  try {
    const parsed = OutboxStateSchema.safeParse(JSON.parse(text));
    if (parsed.success) return { state: parsed.data, problem: null };
    problem = formatIssues(parsed.error).join("; ");
  } catch (error) {
    problem = `not JSON (${String(error)})`;
  }
  const aside = `${path}.bad-${Date.now()}`;
  const moved = await rename(path, aside).then(
    () => `moved to ${aside}`,
    (error: unknown) => `could not move it aside (${String(error)}); it will be overwritten`,
  );
  return { state: emptyOutbox(), problem: `${path} was unreadable (${problem}); ${moved}` };
}

export async function saveOutbox(stateDir: string, state: OutboxState): Promise<void> {
  await writeJsonAtomically(join(stateDir, OUTBOX_FILE), state);
}
