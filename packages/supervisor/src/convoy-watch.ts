// The supervisor's convoy check, after every reconcile pass: each convoy's progress is read from its
// members' hooks, and an outcome not announced before (landed; a member stuck) goes out once. The
// announcement is recorded in the convoy file after it is emitted: a crash in between repeats it at the
// next start (the Telegram outbox drops a repeated event id), but never loses it.
import { listSessions, readHook } from "@samocode/core";
import { type Convoy, listConvoys, recordAnnounced } from "./convoy-file.ts";
import {
  type ConvoyOutcome,
  type ConvoyProgress,
  convoyProgress,
  landedKey,
  type MemberRead,
} from "./convoy-progress.ts";
import type { EventSink } from "./supervisor-events.ts";

export type ConvoyAnnouncement = ConvoyOutcome & { convoy: string };

/** Session id → folder, read once per look: a member missing from it was removed. */
export type SessionDirs = ReadonlyMap<string, string>;

export async function sessionDirs(sessionsRoot: string): Promise<SessionDirs> {
  return new Map((await listSessions(sessionsRoot)).map((session) => [session.id, session.dir]));
}

export async function readConvoyProgress(
  sessionsRoot: string,
  convoy: Convoy,
  dirs?: SessionDirs,
): Promise<ConvoyProgress> {
  const known = dirs ?? (await sessionDirs(sessionsRoot));
  const reads = await Promise.all(convoy.sessions.map((session) => readMember(known, session)));
  return convoyProgress(convoy, reads);
}

export async function announceConvoys(options: {
  sessionsRoot: string;
  sink: EventSink;
  onAnnounce?: ((announcement: ConvoyAnnouncement) => void) | undefined;
  /** A damaged convoy file; called on every look, so the caller decides how often to say so. */
  onUnreadable?: ((convoy: string, error: string) => void) | undefined;
  now?: () => Date;
}): Promise<void> {
  const { sessionsRoot, sink } = options;
  const convoys = await listConvoys(sessionsRoot);
  // A landed convoy whose members did not change is final: nothing of it is read again.
  const open = convoys.filter(
    (listed) => "error" in listed || !listed.convoy.announced.includes(landedKey(listed.convoy.sessions)),
  );
  if (open.length === 0) return;
  const dirs = await sessionDirs(sessionsRoot);
  for (const listed of open) {
    if ("error" in listed) {
      options.onUnreadable?.(listed.id, listed.error);
      continue;
    }
    const { convoy } = listed;
    const progress = await readConvoyProgress(sessionsRoot, convoy, dirs);
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
  return `convoy ${convoy} is stuck: ${hook.session} is ${hook.state}${hook.reason ? ` (${hook.reason})` : ""}`;
}

async function readMember(dirs: SessionDirs, session: string): Promise<MemberRead> {
  const dir = dirs.get(session);
  if (dir === undefined) return { session, removed: true };
  const read = await readHook(dir);
  return read.ok ? { session, hook: read.hook } : { session, unreadable: read.message };
}
