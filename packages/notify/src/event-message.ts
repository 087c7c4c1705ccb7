// The Telegram message of each event kind, in HTML parse mode; plan approvals carry Approve / Reject.
import { idleText } from "@samocode/core";
import { encodeButton } from "./callback-data.ts";
import { bold, code, escapeHtml, joinWithin, MAX_MESSAGE_CHARS, plain } from "./html.ts";
import { HEADER_ICONS, header } from "./message-header.ts";
import type { EventOfKind, SessionEvent } from "./session-event.ts";

export type InlineButton = { text: string; data: string };
export type OutgoingMessage = { html: string; buttons: InlineButton[] };

export function renderEvent(event: SessionEvent): OutgoingMessage {
  if (event.kind === "waiting") return renderWaiting(event);
  return { html: renderOther(event), buttons: [] };
}

function renderOther(event: Exclude<SessionEvent, { kind: "waiting" }>): string {
  switch (event.kind) {
    case "blocked":
      return lines(
        header("⛔", event.session, `blocked (${escapeHtml(event.phase)})`),
        plain(event.reason),
        event.needs === null ? null : `Needs: ${escapeHtml(event.needs.replace(/_/g, " "))}`,
        "",
        `When it is fixed: ${code(`samocode resume ${event.session}`)}`,
      );
    case "crash-loop":
      return lines(
        header("🔁", event.session, `quarantined after a crash loop (${escapeHtml(event.phase)})`),
        plain(event.reason),
        "",
        `When it is fixed: ${code(`samocode resume ${event.session}`)}`,
      );
    case "done":
      return renderDone(event);
    case "failed":
      return lines(
        header("❌", event.session, `failed (${escapeHtml(event.phase)})`),
        plain(event.reason),
        "",
        `To try again: ${code(`samocode resume ${event.session}`)}`,
      );
    case "stalled": {
      const what = `stalled in ${escapeHtml(event.phase)}, no activity for ${minutes(event.idleMinutes)}`;
      return lines(header("🐢", event.session, what), plain(event.action));
    }
    case "convoy-landed":
    case "convoy-stuck":
      return renderConvoy(event);
    default:
      return renderPause(event);
  }
}

function renderConvoy(event: EventOfKind<"convoy-landed" | "convoy-stuck">): string {
  if (event.kind === "convoy-landed") {
    return lines(
      `🚚 Convoy ${bold(event.convoy)}: all ${event.sessions.length} sessions landed`,
      plain(event.sessions.join(", ")),
      `Merge them: ${code(`samocode merge ${event.convoy}`)}`,
    );
  }
  return lines(
    `🚧 Convoy ${bold(event.convoy)}: ${bold(event.session)} is ${escapeHtml(event.state)}`,
    event.reason === null ? null : plain(event.reason),
  );
}

function renderWaiting(event: EventOfKind<"waiting">): OutgoingMessage {
  if (event.waitingFor === "plan_approval") return renderPlan(event);
  if (event.waitingFor === "qa_answers") return { html: renderQuestions(event), buttons: [] };
  const html = lines(
    header(HEADER_ICONS.humanAction, event.session, `waiting for you (${escapeHtml(event.phase)})`),
    event.reason === null
      ? "The agent needs a human to act; its overview says what."
      : plain(event.reason, 1000),
    "",
    "Reply to this message to send it a message; it goes on when it reads it.",
  );
  return { html, buttons: [] };
}

function renderPlan(event: EventOfKind<"waiting">): OutgoingMessage {
  const plan = event.plan;
  const html = lines(
    header(HEADER_ICONS.plan, event.session, `plan ready for approval (${escapeHtml(event.phase)})`),
    plan === null
      ? "The plan is in the session folder."
      : `<b>${plain(plan.title, 300)}</b>\n<code>${plain(plan.path, 500)}</code>`,
    event.reason === null ? null : plain(event.reason, 1000),
    "",
    "Approve it, or Reject and reply with what must change.",
  );
  const buttons = [
    { text: "Approve", data: encodeButton("approve", event.session) },
    { text: "Reject", data: encodeButton("reject", event.session) },
  ];
  return { html, buttons };
}

function renderQuestions(event: EventOfKind<"waiting">): string {
  const questions = event.questions.flatMap((question) => [
    `${bold(`Q${question.number}.`)} ${plain(question.text, 600)}`,
    ...question.options.map((option) => `   ${plain(option, 200)}`),
  ]);
  const body =
    questions.length === 0
      ? "The questions are in _qa.md."
      : joinWithin(questions, MAX_MESSAGE_CHARS - 600, (left) => `… ${left} more lines in _qa.md`);
  return lines(
    header(HEADER_ICONS.questions, event.session, `waiting for answers (${escapeHtml(event.phase)})`),
    event.reason === null ? null : plain(event.reason, 1000),
    "",
    body,
    "",
    "Reply to this message with one line per question, in order, or with lines like “Q2: …”.",
  );
}

function renderDone(event: EventOfKind<"done">): string {
  const facts = [
    `${event.iterations} iteration${event.iterations === 1 ? "" : "s"}`,
    `$${event.costUsd.toFixed(2)}`,
    event.branch === null ? null : `branch ${code(event.branch)}`,
  ].filter((part) => part !== null);
  return lines(
    header("✅", event.session, "done"),
    event.summary === null ? null : plain(event.summary),
    facts.join(" · "),
  );
}

function renderPause(
  event: EventOfKind<"budget-paused" | "budget-resumed" | "quota-paused" | "quota-resumed">,
): string {
  switch (event.kind) {
    case "budget-paused":
      return event.session === null
        ? lines(`💸 Fleet budget reached: new iterations are paused`, plain(event.reason))
        : lines(
            header("💸", event.session, "paused by its budget"),
            plain(event.reason),
            "Raise the budget to resume it.",
          );
    case "budget-resumed":
      return event.session === null
        ? "▶️ Fleet budget raised: sessions run again"
        : header("▶️", event.session, "budget raised, running again");
    case "quota-paused":
      return lines(
        header("⏳", event.session, `provider usage limit, paused until ${escapeHtml(utc(event.until))}`),
        event.reason === null ? null : plain(event.reason),
        "It resumes by itself.",
      );
    case "quota-resumed":
      return header("▶️", event.session, "usage limit over, running again");
  }
}

function lines(...parts: (string | null)[]): string {
  return parts
    .filter((part) => part !== null)
    .join("\n")
    .replace(/\n{3,}/g, "\n\n");
}

/** Idle minutes as the loop says them: seconds under a minute, whole minutes above (core's idleText). */
function minutes(value: number): string {
  return idleText(value * 60_000).replace(/^about /, "");
}

function utc(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
