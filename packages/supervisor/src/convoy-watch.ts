// The supervisor's convoy check, after every reconcile pass: each convoy's progress is read from its
// members' hooks, and an outcome not announced before (landed; a member stuck) goes out once. The
// announcement is recorded in the convoy file after it is emitted: a crash in between repeats it at the
// next start (the Telegram outbox drops a repeated event id), but never loses it.
import { type Logger, readHook, resolveSessionRef } from "@samocode/core";
import { type Convoy, listConvoys, recordAnnounced } from "./convoy-file.ts";
import {
  type ConvoyOutcome,
  type ConvoyProgress,
  convoyProgress,
  type MemberRead,
} from "./convoy-progress.ts";
import type { EventSink } from "./supervisor-events.ts";

export type ConvoyAnnouncement = ConvoyOutcome & { convoy: string };

export async function readConvoyProgress(sessionsRoot: string, convoy: Convoy): Promise<ConvoyProgress> {
  const reads = await Promise.all(convoy.sessions.map((session) => readMember(sessionsRoot, session)));
  return convoyProgress(convoy, reads);
}

export async function announceConvoys(options: {
  sessionsRoot: string;
  sink: EventSink;
  logger: Logger;
  onAnnounce?: ((announcement: ConvoyAnnouncement) => void) | undefined;
  now?: () => Date;
}): Promise<void> {
  const { sessionsRoot, sink, logger } = options;
  for (const listed of await listConvoys(sessionsRoot)) {
    if ("error" in listed) {
      logger.warn("a convoy file cannot be read", { convoy: listed.id, error: listed.error });
      continue;
    }
    const { convoy } = listed;
    const progress = await readConvoyProgress(sessionsRoot, convoy);
    const fresh = progress.outcomes.filter((outcome) => !convoy.announced.includes(outcome.key));
    if (fresh.length === 0) continue;
    for (const outcome of fresh) {
      await sink.emit({
        kind: outcome.kind === "landed" ? "convoy-landed" : "convoy-stuck",
        session: outcome.kind === "landed" ? null : outcome.hook.session,
        convoy: convoy.id,
        at: (options.now?.() ?? new Date()).toISOString(),
        message: describeOutcome(convoy.id, outcome),
      });
      options.onAnnounce?.({ ...outcome, convoy: convoy.id });
    }
    await recordAnnounced(
      sessionsRoot,
      convoy.id,
      fresh.map((outcome) => outcome.key),
    );
  }
}

function describeOutcome(convoy: string, outcome: ConvoyOutcome): string {
  if (outcome.kind === "landed")
    return `convoy ${convoy} landed: all ${outcome.sessions.length} sessions done; merge with samocode convoy merge ${convoy}`;
  const { hook } = outcome;
  return `convoy ${convoy} is stuck: ${hook.session} is ${hook.state}${hook.blockedReason ? ` (${hook.blockedReason})` : ""}`;
}

async function readMember(sessionsRoot: string, session: string): Promise<MemberRead> {
  const ref = await resolveSessionRef(sessionsRoot, session);
  if (!ref.ok) return { session, removed: true };
  const read = await readHook(ref.session.dir);
  return read.ok ? { session, hook: read.hook } : { session, unreadable: read.message };
}
