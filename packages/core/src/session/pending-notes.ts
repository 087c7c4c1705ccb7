// What the next prompt must tell the agent (`pendingNotes` in the hook: no signal last time, an interrupted
// attempt, a human's decision…), under one policy for every writer: a note given again moves to the end
// instead of appearing twice, and only the newest MAX_NOTES are kept. Cleared once an iteration is applied.

export const MAX_NOTES = 6;

export function withNote<H extends { pendingNotes: string[] }>(hook: H, note: string): H {
  return withNotes(hook, [note]);
}

export function withNotes<H extends { pendingNotes: string[] }>(hook: H, notes: readonly string[]): H {
  const kept = hook.pendingNotes.filter((note) => !notes.includes(note));
  return { ...hook, pendingNotes: [...kept, ...notes].slice(-MAX_NOTES) };
}

/** The notes an accepted iteration leaves: only what the worker decided for the agent this time. */
export function replaceNotes<H extends { pendingNotes: string[] }>(hook: H, notes: readonly string[]): H {
  return withNotes({ ...hook, pendingNotes: [] }, notes);
}
