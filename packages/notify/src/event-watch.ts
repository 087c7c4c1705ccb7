// The supervisor's memory of the hook it last saw per session, so each reconcile pass can derive the
// events of what changed. Only a cache: after a restart it is empty, and the stable event ids plus the
// notifier's sent record keep a first observation from repeating what was already sent.
import type { Hook, SessionRef } from "@samocode/core";
import { deriveEvents } from "./derive-events.ts";
import { readEventContext } from "./event-context.ts";
import { episodeKey } from "./event-id.ts";
import type { SessionEvent } from "./session-event.ts";

export type EventWatch = {
  /** The events since the previous observation of this session (all of them on the first one). */
  observe: (session: SessionRef, hook: Hook, now?: Date) => Promise<SessionEvent[]>;
  /** Drops a removed session, so a new one with the same id starts fresh. */
  forget: (sessionId: string) => void;
};

export function createEventWatch(): EventWatch {
  const seen = new Map<string, Hook>();
  return {
    observe: async (session, hook, now = new Date()) => {
      const previous = seen.get(session.id) ?? null;
      seen.set(session.id, hook);
      // Most passes see an unchanged session; its files are read only when its state moved.
      if (previous !== null && episodeKey(previous) === episodeKey(hook)) return [];
      const context = await readEventContext(session.dir);
      return deriveEvents({ previous, current: hook, context, now });
    },
    forget: (sessionId) => {
      seen.delete(sessionId);
    },
  };
}
