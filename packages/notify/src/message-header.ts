// The first line of every session message, `<icon> <session>: <what>`: written by the renderer and read
// back from a replied-to message, so a reply names its session and purpose without any stored map.
import { escapeHtml } from "./html.ts";

export const HEADER_ICONS = {
  questions: "❓",
  plan: "📝",
  humanAction: "✋",
  /** The bot's own prompt after Reject: the reply is the feedback. */
  rejectFeedback: "✍️",
} as const;
export type HeaderPurpose = keyof typeof HEADER_ICONS;

const HEADER = /^(\S+) ([a-z0-9][a-z0-9/-]*): /u;

export function header(icon: string, session: string, what: string): string {
  return `${icon} <b>${escapeHtml(session)}</b>: ${what}`;
}

/** The session and purpose of a message the bot sent, from its plain text (Telegram drops the markup). */
export function parseHeader(text: string): { purpose: HeaderPurpose | null; session: string } | null {
  const match = HEADER.exec(text.split("\n", 1)[0] ?? "");
  if (match === null) return null;
  const icon = match[1] ?? "";
  const purpose = (Object.keys(HEADER_ICONS) as HeaderPurpose[]).find((key) => HEADER_ICONS[key] === icon);
  return { purpose: purpose ?? null, session: match[2] ?? "" };
}
