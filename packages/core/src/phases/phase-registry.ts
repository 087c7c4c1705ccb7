// The one table of what each phase allows (SPEC §6), checked when this module loads.
import { z } from "zod";
import { SamocodeError } from "../errors.ts";
import { SIGNAL_STATUSES, WAITING_FOR, type WaitingFor } from "../signals/signal-schema.ts";
import { formatIssues } from "../zod-issues.ts";
import { PHASES, type Phase } from "./phase-names.ts";

// A human gate guards every move out of the phase that declares it; autoApprove skips it.
export const GATES = ["qa", "plan"] as const;
export type Gate = (typeof GATES)[number];
// The wait an agent signals to ask for the gate.
export const GATE_WAITS: Readonly<Record<Gate, WaitingFor>> = { qa: "qa_answers", plan: "plan_approval" };

const PhaseSpecSchema = z.strictObject({
  agentFile: z.string().regex(/^agents\/[a-z-]+\.md$/),
  // Moves to another phase; staying is always allowed and never listed.
  next: z.array(z.enum(PHASES)).readonly(),
  statuses: z.array(z.enum(SIGNAL_STATUSES)).min(1).readonly(),
  waits: z.array(z.enum(WAITING_FOR)).readonly(),
  // Accepted iterations allowed in the phase, over the whole session.
  limit: z.number().int().positive(),
  gate: z.enum(GATES).nullable(),
});
export type PhaseSpec = z.infer<typeof PhaseSpecSchema>;

// `human_action` and `workers` waits are allowed everywhere but done: any phase may need a human's
// hand or a coordinator's workers; done only writes the summary.
const HELP = ["human_action", "workers"] as const;
const WORKING = ["continue", "waiting", "blocked", "handoff"] as const;

const TABLE: Record<Phase, PhaseSpec> = {
  investigation: {
    agentFile: "agents/investigation.md",
    next: ["requirements"],
    statuses: WORKING,
    waits: HELP,
    limit: 20,
    gate: null,
  },
  requirements: {
    agentFile: "agents/requirements.md",
    next: ["planning"],
    statuses: WORKING,
    waits: ["qa_answers", ...HELP],
    limit: 10,
    gate: "qa",
  },
  planning: {
    agentFile: "agents/planning.md",
    next: ["implementation"],
    statuses: WORKING,
    waits: ["plan_approval", ...HELP],
    limit: 10,
    gate: "plan",
  },
  implementation: {
    agentFile: "agents/implementation.md",
    next: ["testing", "quality"],
    statuses: WORKING,
    waits: HELP,
    limit: 100,
    gate: null,
  },
  testing: {
    agentFile: "agents/testing.md",
    next: ["quality", "done", "implementation"],
    statuses: WORKING,
    waits: HELP,
    limit: 20,
    gate: null,
  },
  quality: {
    agentFile: "agents/quality.md",
    next: ["testing", "done", "implementation"],
    statuses: WORKING,
    waits: HELP,
    limit: 20,
    gate: null,
  },
  done: {
    agentFile: "agents/done.md",
    next: [],
    statuses: ["continue", "blocked", "handoff", "done"],
    waits: [],
    limit: 3,
    gate: null,
  },
};

const PhaseRegistrySchema = z.record(z.enum(PHASES), PhaseSpecSchema).superRefine((table, ctx) => {
  for (const phase of PHASES) {
    for (const problem of crossCheck(phase, table[phase]))
      ctx.addIssue({ code: "custom", path: [phase], message: problem });
  }
});

// Rules a single row cannot state: a bad edit of the table must fail loudly at load, not mid-session.
function crossCheck(phase: Phase, row: PhaseSpec): string[] {
  const problems: string[] = [];
  if (row.agentFile !== `agents/${phase}.md`) problems.push(`agentFile must be agents/${phase}.md`);
  if (row.next.includes(phase)) problems.push("next must not list the phase itself (staying is implicit)");
  if (new Set(row.next).size !== row.next.length) problems.push("next lists a phase twice");
  if (!row.statuses.includes("blocked"))
    problems.push("blocked must be allowed (an agent may always ask for help)");
  if (row.statuses.includes("done") !== (phase === "done"))
    problems.push("done is allowed in phase done only");
  if (row.statuses.includes("waiting") !== row.waits.length > 0)
    problems.push("waits must be listed iff waiting is allowed");
  if (phase !== "done" && row.next.length === 0) problems.push("a phase other than done needs a next phase");
  for (const gate of GATES) {
    const wait = GATE_WAITS[gate];
    if ((row.gate === gate) !== row.waits.includes(wait))
      problems.push(`the wait ${wait} belongs with gate ${gate}`);
  }
  return problems;
}

// Throws: a broken table is a bug in samocode, not an input error.
export function checkPhaseRegistry(table: unknown): Readonly<Record<Phase, PhaseSpec>> {
  const parsed = PhaseRegistrySchema.safeParse(table);
  if (!parsed.success) {
    throw new SamocodeError(
      "internal",
      `phase registry is invalid:\n${formatIssues(parsed.error).join("\n")}`,
    );
  }
  return Object.freeze(parsed.data);
}

export const PHASE_REGISTRY = checkPhaseRegistry(TABLE);

export function phaseSpec(phase: Phase): PhaseSpec {
  return PHASE_REGISTRY[phase];
}

export function phaseLimit(phase: Phase): number {
  return PHASE_REGISTRY[phase].limit;
}

export function agentFileFor(phase: Phase): string {
  return PHASE_REGISTRY[phase].agentFile;
}

export function canMove(from: Phase, to: Phase): boolean {
  return from === to || PHASE_REGISTRY[from].next.includes(to);
}

// The gate a move must pass, or null: staying never needs one.
export function gateFor(from: Phase, to: Phase): Gate | null {
  return from === to ? null : PHASE_REGISTRY[from].gate;
}
