// How long an attempt was idle, in the words every stall message uses: the loop's reason and note, and the
// supervisor's stalled notification.

/** Seconds under a minute (SAMOCODE_STALL_MINUTES=0.5 is "30 s", not "1 min"), whole minutes above. */
export function idleText(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  if (seconds < 60) return `${seconds} s`;
  return `about ${Math.round(seconds / 60)} min`;
}
