// The one pure decision of what a read `_signal.json` does to the session: accepted with the new
// state, rejected with a reason a human can act on, or no signal at all (the loop retries those).
import { blockedState, DONE, RUNNING, type SessionState, waitingState } from "../session/session-state.ts";
import type { SignalRead } from "../signals/signal-file.ts";
import type { BlockedNeed, Signal, WaitingFor } from "../signals/signal-schema.ts";
import {
  countIteration,
  limitReached,
  limitReachedReason,
  type PhaseIterations,
} from "./phase-iterations.ts";
import type { Phase } from "./phase-names.ts";
import { canMove, GATE_WAITS, type Gate, gateFor, PHASE_REGISTRY } from "./phase-registry.ts";

export type GateResults = {
  // True when `_qa.md` has no questions or every question has an answer.
  qaAnswered: boolean;
  // True once a human approved the plan (`samocode approve` or Telegram).
  planApproved: boolean;
};

export type JudgeInput = {
  // The phase the iteration ran in; accepting counts one iteration here.
  phase: Phase;
  phaseIterations: PhaseIterations;
  autoApprove: boolean;
  gates: GateResults;
};

export type Handoff = { reason: string; state: Record<string, unknown> };

export type Outcome = {
  phase: Phase;
  /** The state the session enters: running, waiting, blocked or done (`failed` and `paused` are never
   * the agent's doing). */
  next: SessionState;
  blockedNeeds: BlockedNeed | null;
  handoff: Handoff | null;
  summary: string | null;
  // For the next prompt and the log: what the worker decided on the agent's behalf.
  notes: string[];
};

export type Accepted = Outcome & {
  verdict: "accepted";
  accepted: true;
  signal: Signal;
  fromPhase: Phase;
  phaseIterations: PhaseIterations;
};
export type Rejected = { verdict: "rejected"; accepted: false; reason: string };
// Missing or empty: not judged; the loop retries with a note and blocks after SAMOCODE_MAX_NO_SIGNAL.
export type NoSignal = { verdict: "no-signal"; accepted: false; read: "missing" | "empty" };
export type Judgement = Accepted | Rejected | NoSignal;

export function judgeSignal(input: JudgeInput, read: SignalRead): Judgement {
  switch (read.kind) {
    case "missing":
    case "empty":
      return { verdict: "no-signal", accepted: false, read: read.kind };
    case "refused":
    case "invalid-json":
    case "invalid":
      return reject(read.reason);
    case "ok":
      return judgeValid(input, read.signal);
  }
}

function judgeValid(input: JudgeInput, signal: Signal): Judgement {
  const { phase } = input;
  const row = PHASE_REGISTRY[phase];
  if (!row.statuses.includes(signal.status)) return reject(statusRefusal(phase, signal.status));
  // blocked stays acceptable at the limit: the agent's own reason helps the human more than ours.
  if (signal.status !== "blocked" && limitReached(phase, input.phaseIterations)) {
    return reject(limitReachedReason(phase));
  }
  const outcome = outcomeOf(input, signal);
  if (typeof outcome === "string") return reject(outcome);
  const phaseIterations = countIteration(phase, input.phaseIterations);
  const next = blockAtLimit(outcome, phaseIterations);
  return { verdict: "accepted", accepted: true, signal, fromPhase: phase, phaseIterations, ...next };
}

// "No extra run": a session whose next run could not be accepted blocks now instead of starting it.
// A waiting session is left waiting; the loop checks limitReached before resuming it into a run.
function blockAtLimit(outcome: Outcome, phaseIterations: PhaseIterations): Outcome {
  if (outcome.next.state !== "running" || !limitReached(outcome.phase, phaseIterations)) return outcome;
  return {
    ...outcome,
    next: blockedState("phase-limit", limitReachedReason(outcome.phase)),
    blockedNeeds: null,
  };
}

function outcomeOf(input: JudgeInput, signal: Signal): Outcome | string {
  const base: Outcome = {
    phase: input.phase,
    next: RUNNING,
    blockedNeeds: null,
    handoff: null,
    summary: null,
    notes: [],
  };
  switch (signal.status) {
    case "continue":
      return judgeMove(input, signal.phase ?? input.phase, { ...base, summary: signal.summary ?? null });
    case "waiting":
      return judgeWait(input, signal.for, base, signal.reason ?? null);
    case "blocked":
      return { ...base, next: blockedState("agent", signal.reason), blockedNeeds: signal.needs };
    case "done":
      return { ...base, next: DONE, summary: signal.summary };
    case "handoff":
      return { ...base, handoff: { reason: signal.reason, state: signal.state } };
  }
}

function judgeMove(input: JudgeInput, target: Phase, base: Outcome): Outcome | string {
  const { phase } = input;
  if (!canMove(phase, target)) return moveRefusal(phase, target);
  const gate = gateFor(phase, target);
  const outcome = { ...base, phase: target };
  if (gate === null || gatePassed(gate, input.gates)) return outcome;
  if (!input.autoApprove) return gateRefusal(gate, phase, target);
  return { ...outcome, notes: [`--auto-approve: ${phase} → ${target} without the ${gate} gate.`] };
}

function judgeWait(
  input: JudgeInput,
  wait: WaitingFor,
  base: Outcome,
  reason: string | null,
): Outcome | string {
  const { phase } = input;
  const row = PHASE_REGISTRY[phase];
  if (!row.waits.includes(wait)) {
    return `waiting for ${wait} is not allowed in phase ${phase}; allowed waits here: ${row.waits.join(", ")}`;
  }
  const waiting: Outcome = { ...base, next: waitingState(wait, reason) };
  if (!input.autoApprove || row.gate === null || GATE_WAITS[row.gate] !== wait) return waiting;
  if (row.gate === "qa") return { ...base, notes: [AUTO_QA_NOTE] };
  const target = row.next[0] ?? phase;
  return {
    ...base,
    phase: target,
    notes: [`--auto-approve: the plan was approved without a human; ${phase} → ${target}.`],
  };
}

const AUTO_QA_NOTE =
  "--auto-approve: no human will answer _qa.md. Decide every open question yourself, write your decision " +
  "and the assumption behind it as its **Answer:** in _qa.md, then continue.";

function gatePassed(gate: Gate, gates: GateResults): boolean {
  return gate === "qa" ? gates.qaAnswered : gates.planApproved;
}

function reject(reason: string): Rejected {
  return { verdict: "rejected", accepted: false, reason };
}

function statusRefusal(phase: Phase, status: Signal["status"]): string {
  const row = PHASE_REGISTRY[phase];
  if (status === "done") {
    return `status "done" is accepted only in phase done, not in ${phase}; reach phase done first (${movesText(phase)})`;
  }
  return `status "${status}" is not allowed in phase ${phase}; allowed here: ${row.statuses.join(", ")}`;
}

function moveRefusal(phase: Phase, target: Phase): string {
  return `continue → ${target} is not allowed from phase ${phase}; ${movesText(phase)}`;
}

function movesText(phase: Phase): string {
  const next = PHASE_REGISTRY[phase].next;
  const moves = next.length === 0 ? "" : `, or continue to ${next.join(" | ")}`;
  return `allowed: stay in ${phase}${moves}`;
}

function gateRefusal(gate: Gate, phase: Phase, target: Phase): string {
  const wait = `signal {"status":"waiting","for":"${GATE_WAITS[gate]}"}`;
  if (gate === "qa") {
    return `${phase} → ${target} needs every question in _qa.md answered; ${wait} and let a human answer`;
  }
  return `${phase} → ${target} needs the plan approved by a human (samocode approve); ${wait}`;
}
