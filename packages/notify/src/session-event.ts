// The events a human is notified of: one zod-validated union, each event with a stable id so a
// restart of the supervisor never sends one twice.
import { BLOCKED_NEEDS, SESSION_STATES } from "@samocode/core";
import { z } from "zod";

export const SESSION_EVENT_KINDS = [
  /** A session waits on a human: its questions, its plan, or an action. */
  "waiting",
  "blocked",
  "done",
  "failed",
  /** The supervisor quarantined a worker that kept crashing (the hook says blocked `crash-loop: …`). */
  "crash-loop",
  /** The supervisor saw no activity for the stall timeout and killed the attempt. */
  "stalled",
  "convoy-landed",
  "convoy-stuck",
  /** A session (or the fleet, session null) was paused by a budget; raising it resumes. */
  "budget-paused",
  "budget-resumed",
  /** A provider usage limit paused the session until its reset time. */
  "quota-paused",
  "quota-resumed",
] as const;
export type SessionEventKind = (typeof SESSION_EVENT_KINDS)[number];

/** The human gates a waiting event is for; waiting on child workers needs nobody and is not notified. */
export const HUMAN_WAITS = ["qa_answers", "plan_approval", "human_action"] as const;
export type HumanWait = (typeof HUMAN_WAITS)[number];

const base = {
  /** `<session>:<episode>:<kind>` (see event-id.ts): the same episode always gets the same id. */
  id: z.string().min(1),
  at: z.iso.datetime({ offset: true }),
};
const session = z.string().min(1);

export const QuestionSchema = z.object({
  number: z.number().int().nonnegative(),
  text: z.string(),
  options: z.array(z.string()),
});
export type Question = z.infer<typeof QuestionSchema>;

export const PlanRefSchema = z.object({ title: z.string(), path: z.string() });
export type PlanRef = z.infer<typeof PlanRefSchema>;

export const WaitingEventSchema = z.object({
  ...base,
  kind: z.literal("waiting"),
  session,
  phase: z.string(),
  waitingFor: z.enum(HUMAN_WAITS),
  /** qa_answers: the questions still open in `_qa.md`. */
  questions: z.array(QuestionSchema),
  /** plan_approval: the newest plan artifact. */
  plan: PlanRefSchema.nullable(),
  /** The agent's `reason` from its waiting signal, when it gave one. */
  reason: z.string().nullable(),
});

export const BlockedEventSchema = z.object({
  ...base,
  kind: z.literal("blocked"),
  session,
  phase: z.string(),
  reason: z.string(),
  needs: z.enum(BLOCKED_NEEDS).nullable(),
});

export const DoneEventSchema = z.object({
  ...base,
  kind: z.literal("done"),
  session,
  summary: z.string().nullable(),
  iterations: z.number().int().nonnegative(),
  costUsd: z.number().nonnegative(),
  branch: z.string().nullable(),
});

const reasonEvent = <K extends "failed" | "crash-loop">(kind: K) =>
  z.object({ ...base, kind: z.literal(kind), session, phase: z.string(), reason: z.string() });
export const FailedEventSchema = reasonEvent("failed");
export const CrashLoopEventSchema = reasonEvent("crash-loop");

export const StalledEventSchema = z.object({
  ...base,
  kind: z.literal("stalled"),
  session,
  phase: z.string(),
  idleMinutes: z.number().nonnegative(),
  /** What the supervisor did about it, e.g. "the attempt is re-run (stall 1 of 3)". */
  action: z.string(),
});

export const ConvoyLandedEventSchema = z.object({
  ...base,
  kind: z.literal("convoy-landed"),
  convoy: z.string().min(1),
  sessions: z.array(session),
});

export const ConvoyStuckEventSchema = z.object({
  ...base,
  kind: z.literal("convoy-stuck"),
  convoy: z.string().min(1),
  session,
  state: z.enum(SESSION_STATES),
  reason: z.string().nullable(),
});

export const BudgetPausedEventSchema = z.object({
  ...base,
  kind: z.literal("budget-paused"),
  /** Null for the fleet's daily budget. */
  session: session.nullable(),
  reason: z.string(),
});

export const BudgetResumedEventSchema = z.object({
  ...base,
  kind: z.literal("budget-resumed"),
  session: session.nullable(),
});

export const QuotaPausedEventSchema = z.object({
  ...base,
  kind: z.literal("quota-paused"),
  session,
  until: z.iso.datetime({ offset: true }),
  reason: z.string().nullable(),
});

export const QuotaResumedEventSchema = z.object({ ...base, kind: z.literal("quota-resumed"), session });

export const SessionEventSchema = z.discriminatedUnion("kind", [
  WaitingEventSchema,
  BlockedEventSchema,
  DoneEventSchema,
  FailedEventSchema,
  CrashLoopEventSchema,
  StalledEventSchema,
  ConvoyLandedEventSchema,
  ConvoyStuckEventSchema,
  BudgetPausedEventSchema,
  BudgetResumedEventSchema,
  QuotaPausedEventSchema,
  QuotaResumedEventSchema,
]);
export type SessionEvent = z.infer<typeof SessionEventSchema>;
export type EventOfKind<K extends SessionEventKind> = Extract<SessionEvent, { kind: K }>;

/** The session an event is about, if any (a convoy landing and a fleet budget are about several). */
export function eventSession(event: SessionEvent): string | null {
  return "session" in event ? event.session : null;
}
