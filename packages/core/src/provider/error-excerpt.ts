// What of a provider's own error words goes into a failure reason: one bounded line, without terminal
// escapes or anything shaped like a credential, because a reason lands in `_hook.json`, the history, the
// next prompt, worker.log, `samocode logs` and Telegram. Issue 13: "cannot read script …" was dropped.
import { stripVTControlCharacters } from "node:util";

/** Non-empty stderr lines kept, counted from the end: the message usually sits just above the exit. */
const STDERR_LINES = 3;
/** Bound of an excerpt; a reason carries at most one stderr excerpt and one stream message. */
export const EXCERPT_CHARS = 300;

const REDACTED = "[redacted]";
const SECRETS: [RegExp, string][] = [
  // Anthropic (sk-ant-…), OpenAI (sk-…, sk-proj-…) keys.
  [/\bsk-[A-Za-z0-9_-]{16,}/g, REDACTED],
  [/\b(?:gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/g, REDACTED],
  [/\bAKIA[0-9A-Z]{16}\b/g, REDACTED],
  // Telegram bot tokens, as in Bot API URLs (/bot<digits>:<token>/).
  [/\b(bot)?\d{5,}:[A-Za-z0-9_-]{30,}/g, `$1${REDACTED}`],
  [/\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/g, REDACTED],
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi, `$1 ${REDACTED}`],
  [/(:\/\/)[^/\s:@]+:[^/\s@]+@/g, `$1${REDACTED}@`],
  [
    /\b((?:api[_-]?key|token|secret|password|authorization)["']?\s*[:=]\s*["']?)[^\s"',;]+/gi,
    `$1${REDACTED}`,
  ],
];
// Node's uncaught-exception trailer: stack frames and the version line say nothing a person acts on.
const NOISE = /^(?:at\s|Node\.js v\d)/;

/** The last few meaningful stderr lines as one line (` / ` between them), or undefined when none. */
export function stderrExcerpt(stderrTail: string): string | undefined {
  const lines = clean(stderrTail)
    .split(/[\r\n]+/)
    .map((line) => line.trim().replace(/\s+/g, " "))
    .filter((line) => line !== "" && !NOISE.test(line))
    .slice(-STDERR_LINES);
  const last = lines.pop();
  if (last === undefined) return undefined;
  let excerpt = clip(last, EXCERPT_CHARS);
  // Earlier lines only while they fit whole: the last line is the one most likely to say what failed.
  for (const line of lines.reverse()) {
    const longer = `${line} / ${excerpt}`;
    if (longer.length > EXCERPT_CHARS) break;
    excerpt = longer;
  }
  return excerpt;
}

/** A provider's error message (from its event stream) as one clean, bounded line; undefined when empty. */
export function messageExcerpt(message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  const line = clean(message).replace(/\s+/g, " ").trim();
  return line === "" ? undefined : clip(line, EXCERPT_CHARS);
}

function clean(text: string): string {
  // Colours and cursor moves, which CLIs print even into a pipe.
  let out = stripVTControlCharacters(text);
  for (const [pattern, replacement] of SECRETS) out = out.replace(pattern, replacement);
  // Tabs and line breaks stay for splitting; any other control character goes.
  return [...out].filter((char) => !isControl(char)).join("");
}

function isControl(char: string): boolean {
  const code = char.charCodeAt(0);
  return (code < 0x20 && char !== "\n" && char !== "\r" && char !== "\t") || code === 0x7f;
}

function clip(line: string, max: number): string {
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}
