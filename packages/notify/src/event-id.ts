// Stable event ids: computed from what a session's hook says about the state it is in, never from the
// moment someone looked, so the supervisor derives the same id before and after a restart.
import { createHash } from "node:crypto";
import type { Hook } from "@samocode/core";
import type { SessionEventKind } from "./session-event.ts";

/**
 * One "episode" of a session being in a state. The hook's epoch cannot serve: it moves on every write,
 * also while the state stays. These fields change only when the state is entered again: a new
 * accepted iteration or attempt, a new reason, pause end or activity time.
 */
export function episodeKey(hook: Hook): string {
  const parts = [
    hook.state,
    hook.phase,
    hook.waitingFor ?? "",
    hook.reason ?? "",
    hook.pausedUntil ?? "",
    String(hook.nextAttempt),
    hook.lastActivityAt,
  ];
  const hash = createHash("sha256").update(parts.join("\u0000")).digest("hex").slice(0, 10);
  return `i${hook.iteration}-${hash}`;
}

export function hookEventId(hook: Hook, kind: SessionEventKind): string {
  return `${hook.session}:${episodeKey(hook)}:${kind}`;
}

/** For events no hook state marks (a stall, a convoy, the fleet budget): the caller names the episode. */
export function eventId(subject: string, episode: string, kind: SessionEventKind): string {
  return `${subject}:${episode}:${kind}`;
}
