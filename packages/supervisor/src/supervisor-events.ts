// Events the supervisor raises for humans (crash loops, convoy outcomes, the fleet's daily budget), through one
// sink: a log line and a row in an `events.jsonl` — the project's (SESSIONS/_supervisor/) for its sessions and
// convoys, the user's state folder for the fleet — plus any notifier plugged in (Telegram).
import { appendFile, mkdir } from "node:fs/promises";
import { join } from "node:path";
import { type Logger, sessionsRootPaths } from "@samocode/core";

export const EVENTS_FILE = "events.jsonl";

export const SUPERVISOR_EVENT_KINDS = [
  /** A worker kept crashing; the supervisor stopped it and blocked the session (reason `crash-loop: …`). */
  "crash-loop",
  /** Every session of a convoy is done. */
  "convoy-landed",
  /** A convoy member is blocked or failed. */
  "convoy-stuck",
  /** The fleet spent SAMOCODE_FLEET_BUDGET_USD today: new iterations pause. */
  "fleet-budget-paused",
  /** The fleet budget was raised, or a new day began: paused sessions go on. */
  "fleet-budget-resumed",
] as const;
export type SupervisorEventKind = (typeof SUPERVISOR_EVENT_KINDS)[number];

export type SupervisorEvent = {
  kind: SupervisorEventKind;
  /** The session id; null for an event about the whole fleet or a whole convoy. */
  session: string | null;
  convoy?: string;
  at: string;
  /** One line for a human. */
  message: string;
};

export type EventSink = { emit: (event: SupervisorEvent) => Promise<void> };

export function supervisorDir(sessionsRoot: string): string {
  return sessionsRootPaths(sessionsRoot).supervisor;
}

/**
 * A notifier that fails never stops the others or the supervisor: it is logged. The file row is one
 * appended line, so concurrent writers never interleave inside a row.
 */
export function createEventSink(options: {
  /** Where `events.jsonl` is kept. */
  dir: string;
  logger: Logger;
  notifiers?: readonly EventSink[];
}): EventSink {
  const { dir } = options;
  return {
    emit: async (event) => {
      options.logger.warn(event.message, {
        event: event.kind,
        ...(event.session === null ? {} : { session: event.session }),
        ...(event.convoy === undefined ? {} : { convoy: event.convoy }),
      });
      await mkdir(dir, { recursive: true });
      await appendFile(join(dir, EVENTS_FILE), `${JSON.stringify(event)}\n`);
      for (const notifier of options.notifiers ?? []) {
        await notifier.emit(event).catch((error: unknown) => {
          options.logger.error("a notifier failed", { event: event.kind, error: String(error) });
        });
      }
    },
  };
}
