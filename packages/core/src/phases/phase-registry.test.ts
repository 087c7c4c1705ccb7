import { describe, expect, it } from "vitest";
import { SamocodeError } from "../errors.ts";
import { emptyPhaseIterations, limitReached, PhaseIterationsSchema } from "./phase-iterations.ts";
import { PHASES, type Phase } from "./phase-names.ts";
import {
  agentFileFor,
  canMove,
  checkPhaseRegistry,
  gateFor,
  PHASE_REGISTRY,
  phaseLimit,
  phaseSpec,
} from "./phase-registry.ts";

// Written by hand from SPEC §6, so an edit of the table that changes behaviour fails here.
const EXPECTED_MOVES: Record<Phase, Phase[]> = {
  investigation: ["requirements"],
  requirements: ["planning"],
  planning: ["implementation"],
  implementation: ["testing", "quality"],
  testing: ["quality", "done", "implementation"],
  quality: ["testing", "done", "implementation"],
  done: [],
};
const EXPECTED_LIMITS: Record<Phase, number> = {
  investigation: 20,
  requirements: 10,
  planning: 10,
  implementation: 100,
  testing: 20,
  quality: 20,
  done: 3,
};
const HELP = ["human_action", "workers"];
const EXPECTED_WAITS: Record<Phase, string[]> = {
  investigation: HELP,
  requirements: ["qa_answers", ...HELP],
  planning: ["plan_approval", ...HELP],
  implementation: HELP,
  testing: HELP,
  quality: HELP,
  done: [],
};

describe("phase registry", () => {
  it("allows exactly the SPEC's moves, plus staying", () => {
    for (const from of PHASES) {
      for (const to of PHASES) {
        const expected = from === to || EXPECTED_MOVES[from].includes(to);
        expect(canMove(from, to), `${from} → ${to}`).toBe(expected);
      }
    }
  });

  it("has the SPEC's limits, agent files and waits", () => {
    for (const phase of PHASES) {
      expect(phaseLimit(phase), phase).toBe(EXPECTED_LIMITS[phase]);
      expect(agentFileFor(phase)).toBe(`agents/${phase}.md`);
      expect([...phaseSpec(phase).waits].sort(), phase).toEqual([...EXPECTED_WAITS[phase]].sort());
    }
  });

  it("allows done only in done, waiting everywhere else, blocked/continue/handoff everywhere", () => {
    for (const phase of PHASES) {
      const statuses = [...phaseSpec(phase).statuses].sort();
      const expected =
        phase === "done"
          ? ["blocked", "continue", "done", "handoff"]
          : ["blocked", "continue", "handoff", "waiting"];
      expect(statuses, phase).toEqual(expected);
    }
  });

  it("gates requirements → planning (qa) and planning → implementation (plan), and nothing else", () => {
    for (const from of PHASES) {
      for (const to of PHASES) {
        const expected =
          from === "requirements" && to === "planning"
            ? "qa"
            : from === "planning" && to === "implementation"
              ? "plan"
              : null;
        if (canMove(from, to)) expect(gateFor(from, to), `${from} → ${to}`).toBe(expected);
      }
    }
  });

  it("is frozen", () => {
    expect(Object.isFrozen(PHASE_REGISTRY)).toBe(true);
    expect(Object.isFrozen(PHASE_REGISTRY.testing.next)).toBe(true);
  });
});

describe("checkPhaseRegistry: a bad edit fails loudly", () => {
  type Edit = (table: Record<string, Record<string, unknown>>) => void;
  const cases: [string, Edit, RegExp][] = [
    ["an unknown next phase", (t) => set(t, "testing", "next", ["deploy"]), /testing\.next\.0: /],
    ["a zero limit", (t) => set(t, "done", "limit", 0), /done\.limit: /],
    ["a fractional limit", (t) => set(t, "quality", "limit", 2.5), /quality\.limit: /],
    ["a missing phase", (t) => delete t.quality, /quality: /],
    ["an unknown key", (t) => set(t, "done", "colour", "red"), /done: .*colour/],
    [
      "staying listed",
      (t) => set(t, "testing", "next", ["testing"]),
      /testing: next must not list the phase itself/,
    ],
    [
      "done outside done",
      (t) => set(t, "testing", "statuses", ["continue", "blocked", "done"]),
      /testing: done is allowed in phase done only/,
    ],
    [
      "blocked removed",
      (t) => set(t, "planning", "statuses", ["continue", "waiting"]),
      /planning: blocked must be allowed/,
    ],
    [
      "a wrong agent file",
      (t) => set(t, "planning", "agentFile", "agents/plan.md"),
      /planning: agentFile must be agents\/planning\.md/,
    ],
    [
      "a dead end",
      (t) => set(t, "quality", "next", []),
      /quality: a phase other than done needs a next phase/,
    ],
    [
      "a gate wait elsewhere",
      (t) => set(t, "testing", "waits", ["plan_approval"]),
      /testing: the wait plan_approval belongs with gate plan/,
    ],
    [
      "a gate without its wait",
      (t) => set(t, "planning", "waits", ["workers"]),
      /planning: the wait plan_approval belongs with gate plan/,
    ],
  ];

  it.each(cases)("%s", (_name, edit, message) => {
    const table = structuredClone(PHASE_REGISTRY) as unknown as Record<string, Record<string, unknown>>;
    edit(table);
    let thrown: unknown;
    try {
      checkPhaseRegistry(table);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SamocodeError);
    expect((thrown as SamocodeError).code).toBe("internal");
    expect((thrown as SamocodeError).message).toMatch(/^phase registry is invalid:\n/);
    expect((thrown as SamocodeError).message).toMatch(message);
  });

  it("accepts the shipped table", () => {
    expect(checkPhaseRegistry(structuredClone(PHASE_REGISTRY))).toEqual(PHASE_REGISTRY);
  });
});

describe("phase iterations", () => {
  it("starts at zero for every phase and validates counts", () => {
    const empty = emptyPhaseIterations();
    expect(PhaseIterationsSchema.parse(empty)).toEqual(Object.fromEntries(PHASES.map((p) => [p, 0])));
    expect(PhaseIterationsSchema.safeParse({ ...empty, testing: -1 }).success).toBe(false);
    const { done: _done, ...missing } = empty;
    expect(PhaseIterationsSchema.safeParse(missing).success).toBe(false);
  });

  it("reaches a limit at exactly the limit, not one before", () => {
    for (const phase of PHASES) {
      const at = (n: number) => ({ ...emptyPhaseIterations(), [phase]: n });
      expect(limitReached(phase, at(EXPECTED_LIMITS[phase] - 1)), phase).toBe(false);
      expect(limitReached(phase, at(EXPECTED_LIMITS[phase])), phase).toBe(true);
    }
  });
});

function set(
  table: Record<string, Record<string, unknown>>,
  phase: string,
  key: string,
  value: unknown,
): void {
  const row = table[phase];
  if (row === undefined) throw new Error(`no row ${phase}`);
  row[key] = value;
}
