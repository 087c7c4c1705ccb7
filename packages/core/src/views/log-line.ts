// One line of `samocode logs` output: plain text plus a tone the terminal may colour (and a pipe ignores).

export const LOG_TONES = [
  /** `── iteration 3 · planning · attempt 1 ──` */
  "header",
  /** what the agent says */
  "text",
  /** `→ Write src/auth.ts` */
  "tool",
  /** a tool's output, a successful final result */
  "result",
  /** a failed tool, a failed run, a usage limit */
  "error",
  /** a recoverable notice (codex "Reconnecting…", a worker warning) */
  "warning",
  /** the worker's own events from worker.log */
  "worker",
  /** side facts: conversation ids, "(no output)" */
  "dim",
  /** a line no parser understood, shown as it is */
  "raw",
] as const;
export type LogTone = (typeof LOG_TONES)[number];

export type LogLine = { tone: LogTone; text: string };

export function line(tone: LogTone, text: string): LogLine {
  return { tone, text };
}

export type ClipOptions = { maxLines: number; maxLineChars: number };

export const TOOL_OUTPUT_CLIP: ClipOptions = { maxLines: 6, maxLineChars: 200 };

/** The first lines of a long text, each cut to a width, with a note of what was left out. */
export function clipText(text: string, options: ClipOptions = TOOL_OUTPUT_CLIP): string[] {
  const lines = text.replace(/\s+$/, "").split("\n");
  const shown = lines.slice(0, options.maxLines).map((l) => clipLine(l, options.maxLineChars));
  const hidden = lines.length - shown.length;
  if (hidden > 0) shown.push(`… ${hidden} more line${hidden === 1 ? "" : "s"}`);
  return shown;
}

export function clipLine(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more chars)`;
}
