// A settled worker's last act under PM2: it stops (a paused session, kept in `pm2 ls`) or deletes (a
// finished one) its own app before it exits. PM2 7 marks any exit "waiting restart" when the app has
// exp_backoff_restart_delay set — even one in stop_exit_codes (lib/God.js:514–532 sets the status, only the
// restart timer is skipped) — so without this every finished session would sit in `pm2 ls` as waiting to
// restart. Loaded by the worker only at that moment (`@samocode/supervisor/settle-worker`).
import { connectPm2 } from "./pm2-client.ts";

export type Settle = "stop" | "delete";

/**
 * PM2 answers by ending this very process (SIGINT), so the call does not return when it works; when PM2
 * cannot be reached it throws, and the caller exits with the worker's settled code instead.
 */
export async function settleOwnApp(pmId: number, how: Settle): Promise<void> {
  const pm2 = await connectPm2({ startDaemon: false });
  if (pm2 === undefined) throw new Error("no PM2 daemon answers");
  try {
    if (how === "stop") await pm2.stop(pmId);
    else await pm2.delete(pmId);
  } finally {
    await pm2.close();
  }
}
