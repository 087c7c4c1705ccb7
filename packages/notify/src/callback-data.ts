// The data behind the Approve / Reject buttons: the action and the session it is for. Telegram allows
// 64 bytes, so a long session id (a deep child) is carried as a hash and found again among the sessions.
import { createHash } from "node:crypto";
import { listSessions, resolveSessionRef, type SessionRef } from "@samocode/core";

export const BUTTON_ACTIONS = ["approve", "reject"] as const;
export type ButtonAction = (typeof BUTTON_ACTIONS)[number];

export type ButtonData = { action: ButtonAction; session: { id: string } | { hash: string } };

const MAX_BYTES = 64;
const DATA = /^(approve|reject)([:#])(.+)$/;

export function encodeButton(action: ButtonAction, sessionId: string): string {
  const direct = `${action}:${sessionId}`;
  return Buffer.byteLength(direct) <= MAX_BYTES ? direct : `${action}#${idHash(sessionId)}`;
}

export function decodeButton(data: string): ButtonData | null {
  const match = DATA.exec(data);
  if (match === null) return null;
  const action = match[1] as ButtonAction;
  const value = match[3] ?? "";
  return { action, session: match[2] === ":" ? { id: value } : { hash: value } };
}

export async function resolveButtonSession(
  sessionsRoot: string,
  data: ButtonData,
): Promise<{ ok: true; session: SessionRef } | { ok: false; reason: string }> {
  if ("id" in data.session) return resolveSessionRef(sessionsRoot, data.session.id);
  const { hash } = data.session;
  const found = (await listSessions(sessionsRoot)).find((session) => idHash(session.id) === hash);
  return found === undefined
    ? { ok: false, reason: "the session of this button no longer exists" }
    : { ok: true, session: found };
}

function idHash(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("hex").slice(0, 16);
}
