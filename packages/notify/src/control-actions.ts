// What a Telegram command or reply does, through the same core functions as the CLI commands (approve,
// reject, answer, send, status), each ending in one line for the chat: a confirmation or the refusal.
import {
  decisionRefusal,
  describe,
  leaveDecision,
  listSessions,
  readHook,
  readQa,
  resolveSessionRef,
  type SessionRef,
  sendMessage,
  setAnswers,
} from "@samocode/core";
import { clip, joinWithin, MAX_MESSAGE_CHARS } from "./html.ts";
import { parseReplyAnswers } from "./reply-answers.ts";

export type ActionResult = { ok: true; text: string; session: SessionRef } | { ok: false; text: string };

/** Who the decision and messages are from, as the CLI records a human. */
export const HUMAN = "human";

const refused = (text: string): ActionResult => ({ ok: false, text });

export async function decidePlan(
  sessionsRoot: string,
  ref: string,
  action: "approve" | "reject",
  feedback?: string,
): Promise<ActionResult> {
  const found = await resolveSessionRef(sessionsRoot, ref);
  if (!found.ok) return refused(found.reason);
  const { session } = found;
  const hook = await readHook(session.dir);
  if (!hook.ok) return refused(`${session.id}: ${hook.message}`);
  const refusal = decisionRefusal(hook.hook, action);
  if (refusal !== undefined) return refused(refusal);
  const text = feedback?.trim() ?? "";
  if (action === "reject" && text === "")
    return refused("a rejection needs feedback: /reject <session> <what must change>");
  await leaveDecision(session.dir, { action, from: HUMAN, ...(text === "" ? {} : { feedback: text }) });
  const done =
    action === "approve"
      ? "plan approved; the session moves to implementation"
      : "plan rejected; the session revises it with your feedback";
  return { ok: true, text: `${session.id}: ${done}`, session };
}

/** Whether a plan decision would be refused now, without leaving one (the Reject button asks first). */
export async function planRefusal(sessionsRoot: string, ref: string): Promise<string | undefined> {
  const found = await resolveSessionRef(sessionsRoot, ref);
  if (!found.ok) return found.reason;
  const hook = await readHook(found.session.dir);
  if (!hook.ok) return `${found.session.id}: ${hook.message}`;
  return decisionRefusal(hook.hook, "reject");
}

export async function answerQuestions(
  sessionsRoot: string,
  ref: string,
  reply: string,
): Promise<ActionResult> {
  const found = await resolveSessionRef(sessionsRoot, ref);
  if (!found.ok) return refused(found.reason);
  const { session } = found;
  const qa = await readQa(session.dir);
  if (!qa.ok) return refused(`${session.id}: ${qa.message}`);
  const open = qa.questions.filter((q) => q.answer === null).map((q) => q.number);
  const parsed = parseReplyAnswers(
    reply,
    open,
    qa.questions.map((q) => q.number),
  );
  if (!parsed.ok) return refused(`${session.id}: ${parsed.reason}`);
  const written = await setAnswers(session.dir, parsed.answers);
  if (!written.ok) return refused(`${session.id}: ${written.message}`);
  const after = await readQa(session.dir);
  const left = after.ok ? after.questions.filter((q) => q.answer === null).map((q) => `Q${q.number}`) : [];
  const answered = parsed.answers.map((a) => `Q${a.number}`).join(", ");
  const next =
    left.length === 0 ? "all questions are answered; the session resumes" : `still open: ${left.join(", ")}`;
  return { ok: true, text: `${session.id}: answered ${answered}; ${next}`, session };
}

export async function sendToSession(sessionsRoot: string, ref: string, body: string): Promise<ActionResult> {
  const found = await resolveSessionRef(sessionsRoot, ref);
  if (!found.ok) return refused(found.reason);
  const { session } = found;
  const sent = await sendMessage(session.dir, { from: HUMAN, to: session.id, body });
  if (!sent.ok) return refused(`${session.id}: ${sent.message}`);
  return { ok: true, text: `sent ${sent.sent.id} to ${session.id}`, session };
}

/** One line per session, oldest first, children after their parent. */
export async function statusText(sessionsRoot: string): Promise<string> {
  const sessions = await listSessions(sessionsRoot);
  if (sessions.length === 0) return "no sessions";
  const lines: string[] = [];
  for (const session of sessions) {
    const hook = await readHook(session.dir);
    if (!hook.ok) {
      lines.push(`${session.id} · unreadable: ${hook.reason}`);
      continue;
    }
    const { phase, iteration, costUsd } = hook.hook;
    const state = clip(describe(hook.hook), 200);
    lines.push(`${session.id} · ${phase} · ${state} · iteration ${iteration} · $${costUsd.toFixed(2)}`);
  }
  return joinWithin(lines, MAX_MESSAGE_CHARS, (left) => `… ${left} more; samocode status shows all`);
}
