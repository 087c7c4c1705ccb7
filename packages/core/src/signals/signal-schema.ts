// The shape of `_signal.json`, the agent's decision for one iteration (SPEC §5).
import { z } from "zod";
import { PHASES } from "../phases/phase-names.ts";

// The agent sets exactly one of these per iteration; the judge decides what it does to the session.
export const SIGNAL_STATUSES = ["continue", "waiting", "blocked", "done", "handoff"] as const;
export type SignalStatus = (typeof SIGNAL_STATUSES)[number];

// What a `waiting` session waits for: a human (the first three) or its child workers settling.
export const WAITING_FOR = ["qa_answers", "plan_approval", "human_action", "workers"] as const;
export type WaitingFor = (typeof WAITING_FOR)[number];

export const BLOCKED_NEEDS = ["human_decision", "clarification", "error_resolution", "environment"] as const;
export type BlockedNeed = (typeof BLOCKED_NEEDS)[number];

// Enum-valued fields per status; agents write "CONTINUE" or "QA_Answers", so these are lower-cased
// before validation. Extra fields are left exactly as written.
const CASE_INSENSITIVE_FIELDS: Readonly<Record<SignalStatus, readonly string[]>> = {
  continue: ["phase"],
  waiting: ["for"],
  blocked: ["needs"],
  done: [],
  handoff: [],
};

const text = z.string().regex(/\S/, "must not be blank");

const ContinueSignalSchema = z
  .looseObject({
    status: z.literal("continue"),
    phase: z.enum(PHASES).describe("The phase of the next iteration; omit to stay.").optional(),
    summary: z.string().optional().describe("What this iteration did, for the Flow Log."),
  })
  .describe("Run the next iteration, in this phase or an allowed next one.");

const WaitingSignalSchema = z
  .looseObject({
    status: z.literal("waiting"),
    for: z.enum(WAITING_FOR).describe("What the session waits for."),
    reason: z.string().optional().describe("What the human should do, shown in the notification."),
  })
  .describe("Pause until a human acts, or until this session's workers have settled; the phase stays.");

const BlockedSignalSchema = z
  .looseObject({
    status: z.literal("blocked"),
    reason: text.describe("Why the agent cannot go on, for the human."),
    needs: z.enum(BLOCKED_NEEDS).describe("What kind of help unblocks it."),
  })
  .describe("Stop and notify a human; the phase stays. Allowed in every phase.");

const DoneSignalSchema = z
  .looseObject({
    status: z.literal("done"),
    summary: text.describe("What the session delivered."),
  })
  .describe("The session is complete. Accepted only in phase done.");

const HandoffSignalSchema = z
  .looseObject({
    status: z.literal("handoff"),
    reason: text.describe("Why a fresh context is needed."),
    state: z
      .record(z.string(), z.unknown())
      .describe("What the next context must know; saved to _handoff.json."),
  })
  .describe("Start the next iteration at once in a fresh provider conversation, carrying `state`.");

// The schema before case normalisation; `docs/signal.schema.json` is generated from it.
export const SignalShapeSchema = z.discriminatedUnion(
  "status",
  [ContinueSignalSchema, WaitingSignalSchema, BlockedSignalSchema, DoneSignalSchema, HandoffSignalSchema],
  {
    error: (issue) => {
      if (issue.code !== "invalid_union") return undefined;
      const status = isRecord(issue.input) ? issue.input.status : undefined;
      const got = status === undefined ? "it is missing" : `got ${JSON.stringify(status)}`;
      return `expected one of ${SIGNAL_STATUSES.join(" | ")} (any case); ${got}`;
    },
  },
);

export const SignalSchema = z.preprocess(normaliseCase, SignalShapeSchema);
export type Signal = z.infer<typeof SignalSchema>;
export type ContinueSignal = Extract<Signal, { status: "continue" }>;
export type WaitingSignal = Extract<Signal, { status: "waiting" }>;
export type BlockedSignal = Extract<Signal, { status: "blocked" }>;
export type DoneSignal = Extract<Signal, { status: "done" }>;
export type HandoffSignal = Extract<Signal, { status: "handoff" }>;

function normaliseCase(input: unknown): unknown {
  if (!isRecord(input) || typeof input.status !== "string") return input;
  const status = input.status.toLowerCase();
  const out: Record<string, unknown> = { ...input, status };
  const fields = (CASE_INSENSITIVE_FIELDS as Partial<Record<string, readonly string[]>>)[status] ?? [];
  for (const field of fields) {
    const value = out[field];
    if (typeof value === "string") out[field] = value.toLowerCase();
  }
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
