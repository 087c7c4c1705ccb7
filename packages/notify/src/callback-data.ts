// The data behind the Approve / Reject buttons: the action and the session it is for. Telegram allows
// 64 bytes, so a long session id (a deep child) is carried as a hash and found again among the sessions.
import { createHash } from "node:crypto";
import { listSessions, type SessionRef } from "@samocode/core";
import { routeSession, type ServedProject } from "./session-routing.ts";

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

/** The button's session, in whichever served project it is (a hashed id is looked for in all of them). */
export async function resolveButtonSession(
  projects: readonly ServedProject[],
  data: ButtonData,
): Promise<{ ok: true; project: ServedProject; session: SessionRef } | { ok: false; reason: string }> {
  if ("id" in data.session) return routeSession(projects, data.session.id);
  const { hash } = data.session;
  for (const project of projects) {
    const found = (await listSessions(project.actions.sessionsRoot)).find(
      (session) => idHash(session.id) === hash,
    );
    if (found !== undefined) return { ok: true, project, session: found };
  }
  return { ok: false, reason: "the session of this button no longer exists" };
}

function idHash(sessionId: string): string {
  return createHash("sha256").update(sessionId).digest("hex").slice(0, 16);
}
