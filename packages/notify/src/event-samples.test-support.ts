// One event of every kind with the exact text a Telegram reader must see, for the message tests.
import type { SessionEvent } from "./session-event.ts";

const at = "2026-11-21T10:00:00.000Z";
const session = "26-11-21-auth";
/** Everything HTML or Markdown could eat. */
export const TRICKY = 'Can\'t run <script> & "tests": use `npm test` *now* or _later_ (a<b && c>d)';

export type Sample = { event: SessionEvent; text: string };

export const SAMPLES: Sample[] = [
  {
    event: {
      id: "s:1:waiting",
      at,
      kind: "waiting",
      session,
      phase: "requirements",
      waitingFor: "qa_answers",
      questions: [
        { number: 1, text: "Which token format?", options: ["a) JWT", "b) opaque"] },
        { number: 2, text: "Where are tokens kept?", options: [] },
      ],
      plan: null,
      reason: null,
    },
    text:
      "❓ 26-11-21-auth: waiting for answers (requirements)\n\nQ1. Which token format?\n   a) JWT\n   b) opaque\n" +
      "Q2. Where are tokens kept?\n\nReply to this message with one line per question, in order, or with lines like “Q2: …”.",
  },
  {
    event: {
      id: "s:2:waiting",
      at,
      kind: "waiting",
      session,
      phase: "planning",
      waitingFor: "plan_approval",
      questions: [],
      plan: { title: "Plan: add JWT auth", path: "/s/26-11-21-auth/11-21-0901-plan-auth.md" },
      reason: null,
    },
    text:
      "📝 26-11-21-auth: plan ready for approval (planning)\nPlan: add JWT auth\n/s/26-11-21-auth/11-21-0901-plan-auth.md\n\n" +
      "Approve it, or Reject and reply with what must change.",
  },
  {
    event: {
      id: "s:3:waiting",
      at,
      kind: "waiting",
      session,
      phase: "implementation",
      waitingFor: "human_action",
      questions: [],
      plan: null,
      reason: "Create the API key in the dashboard",
    },
    text:
      "✋ 26-11-21-auth: waiting for you (implementation)\nCreate the API key in the dashboard\n\n" +
      "Reply to this message to send it a message; it goes on when it reads it.",
  },
  {
    event: {
      id: "s:4:blocked",
      at,
      kind: "blocked",
      session,
      phase: "testing",
      reason: TRICKY,
      needs: "environment",
    },
    text: `⛔ 26-11-21-auth: blocked (testing)\n${TRICKY}\nNeeds: environment\n\nWhen it is fixed: samocode resume 26-11-21-auth`,
  },
  {
    event: {
      id: "s:5:done",
      at,
      kind: "done",
      session,
      summary: "JWT auth added",
      iterations: 8,
      costUsd: 2.5,
      branch: "samocode/auth",
    },
    text: "✅ 26-11-21-auth: done\nJWT auth added\n8 iterations · $2.50 · branch samocode/auth",
  },
  {
    event: {
      id: "s:6:failed",
      at,
      kind: "failed",
      session,
      phase: "implementation",
      reason: "overloaded 3 times",
    },
    text: "❌ 26-11-21-auth: failed (implementation)\noverloaded 3 times\n\nTo try again: samocode resume 26-11-21-auth",
  },
  {
    event: {
      id: "s:7:crash-loop",
      at,
      kind: "crash-loop",
      session,
      phase: "implementation",
      reason: "crash-loop: 5 restarts in 60 s",
    },
    text:
      "🔁 26-11-21-auth: quarantined after a crash loop (implementation)\ncrash-loop: 5 restarts in 60 s\n\n" +
      "When it is fixed: samocode resume 26-11-21-auth",
  },
  {
    event: {
      id: "s:8:stalled",
      at,
      kind: "stalled",
      session,
      phase: "implementation",
      idleMinutes: 15,
      action: "the attempt is re-run (stall 1 of 3)",
    },
    text: "🐢 26-11-21-auth: stalled in implementation, no activity for 15 min\nthe attempt is re-run (stall 1 of 3)",
  },
  {
    event: {
      id: "c:1:convoy-landed",
      at,
      kind: "convoy-landed",
      convoy: "wave",
      sessions: ["26-11-21-api", "26-11-21-ui"],
    },
    text: "🚚 Convoy wave: all 2 sessions landed\n26-11-21-api, 26-11-21-ui\nMerge them: samocode merge wave",
  },
  {
    event: {
      id: "c:2:convoy-stuck",
      at,
      kind: "convoy-stuck",
      convoy: "wave",
      session: "26-11-21-ui",
      state: "blocked",
      reason: "tests need a database",
    },
    text: "🚧 Convoy wave: 26-11-21-ui is blocked\ntests need a database",
  },
  {
    event: {
      id: "s:9:budget-paused",
      at,
      kind: "budget-paused",
      session,
      reason: "budget: $5.20 of $5.00 spent",
    },
    text: "💸 26-11-21-auth: paused by its budget\nbudget: $5.20 of $5.00 spent\nRaise the budget to resume it.",
  },
  {
    event: {
      id: "f:1:budget-paused",
      at,
      kind: "budget-paused",
      session: null,
      reason: "$50.10 of $50.00 today",
    },
    text: "💸 Fleet budget reached: new iterations are paused\n$50.10 of $50.00 today",
  },
  {
    event: { id: "s:10:budget-resumed", at, kind: "budget-resumed", session },
    text: "▶️ 26-11-21-auth: budget raised, running again",
  },
  {
    event: {
      id: "s:11:quota-paused",
      at,
      kind: "quota-paused",
      session,
      until: "2026-11-21T15:30:00.000Z",
      reason: null,
    },
    text: "⏳ 26-11-21-auth: provider usage limit, paused until 2026-11-21 15:30 UTC\nIt resumes by itself.",
  },
  {
    event: { id: "s:12:quota-resumed", at, kind: "quota-resumed", session },
    text: "▶️ 26-11-21-auth: usage limit over, running again",
  },
];
