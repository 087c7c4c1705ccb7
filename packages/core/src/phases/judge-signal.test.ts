import { describe, expect, it } from "vitest";
import { parseSignal, type SignalRead } from "../signals/signal-file.ts";
import { SIGNAL_STATUSES, WAITING_FOR } from "../signals/signal-schema.ts";
import { type Accepted, type JudgeInput, type Judgement, judgeSignal } from "./judge-signal.ts";
import { emptyPhaseIterations } from "./phase-iterations.ts";
import { PHASES, type Phase } from "./phase-names.ts";
import { canMove, PHASE_REGISTRY, phaseLimit } from "./phase-registry.ts";

// Hand-written from SPEC §6: the judge must accept exactly these moves (plus staying).
const SPEC_MOVES = [
  "investigation → requirements",
  "requirements → planning",
  "planning → implementation",
  "implementation → testing",
  "implementation → quality",
  "testing → quality",
  "testing → done",
  "testing → implementation",
  "quality → testing",
  "quality → done",
  "quality → implementation",
];

const OPEN_GATES = { qaAnswered: true, planApproved: true };
const SAMPLES: Record<(typeof SIGNAL_STATUSES)[number], Record<string, unknown>> = {
  continue: { status: "continue", summary: "did a thing" },
  waiting: { status: "waiting", for: "human_action", reason: "press the button" },
  blocked: { status: "blocked", reason: "no database", needs: "environment" },
  done: { status: "done", summary: "all shipped" },
  handoff: { status: "handoff", reason: "context full", state: { step: 3 } },
};

function input(phase: Phase, over: Partial<JudgeInput> = {}): JudgeInput {
  return { phase, phaseIterations: emptyPhaseIterations(), autoApprove: false, gates: OPEN_GATES, ...over };
}

function read(signal: unknown): SignalRead {
  return parseSignal(Buffer.from(JSON.stringify(signal)));
}

function judge(at: JudgeInput, signal: unknown): Judgement {
  return judgeSignal(at, read(signal));
}

function accepted(judgement: Judgement): Accepted {
  if (judgement.verdict !== "accepted")
    throw new Error(`expected accepted, got ${JSON.stringify(judgement)}`);
  return judgement;
}

function rejection(judgement: Judgement): string {
  if (judgement.verdict !== "rejected")
    throw new Error(`expected rejected, got ${JSON.stringify(judgement)}`);
  return judgement.reason;
}

function iterationsAt(phase: Phase, count: number) {
  return { ...emptyPhaseIterations(), [phase]: count };
}

describe("judgeSignal: moves", () => {
  it("accepts exactly the hand-written SPEC moves and staying, with every gate open", () => {
    for (const from of PHASES) {
      for (const to of PHASES) {
        const verdict = judge(input(from), { status: "continue", phase: to }).verdict;
        const expected = from === to || SPEC_MOVES.includes(`${from} → ${to}`);
        expect(verdict, `${from} → ${to}`).toBe(expected ? "accepted" : "rejected");
      }
    }
  });

  it.each(PHASES.flatMap((from) => PHASES.map((to) => [from, to] as const)))(
    "%s → %s follows the table",
    (from, to) => {
      const judgement = judge(input(from), { status: "continue", phase: to });
      if (canMove(from, to)) {
        expect(accepted(judgement)).toMatchObject({ fromPhase: from, phase: to, next: { state: "running" } });
      } else {
        const allowed = PHASE_REGISTRY[from].next;
        expect(rejection(judgement)).toBe(
          `continue → ${to} is not allowed from phase ${from}; allowed: stay in ${from}` +
            (allowed.length > 0 ? `, or continue to ${allowed.join(" | ")}` : ""),
        );
      }
    },
  );

  it("stays when continue has no phase, and passes the summary on", () => {
    expect(accepted(judge(input("testing"), { status: "continue", summary: "ran tests" }))).toMatchObject({
      phase: "testing",
      next: { state: "running" },
      summary: "ran tests",
      handoff: null,
      notes: [],
    });
  });

  it("reads status and phase case-insensitively", () => {
    expect(accepted(judge(input("requirements"), { status: "CONTINUE", phase: "Planning" })).phase).toBe(
      "planning",
    );
  });
});

describe("judgeSignal: statuses per phase", () => {
  it.each(PHASES.flatMap((phase) => SIGNAL_STATUSES.map((status) => [phase, status] as const)))(
    "%s / %s",
    (phase, status) => {
      const judgement = judge(input(phase), SAMPLES[status]);
      const allowed = status === "done" ? phase === "done" : status !== "waiting" || phase !== "done";
      expect(judgement.verdict).toBe(allowed ? "accepted" : "rejected");
      expect(PHASE_REGISTRY[phase].statuses.includes(status)).toBe(allowed);
    },
  );

  it("refuses done outside phase done and says how to get there", () => {
    expect(rejection(judge(input("testing"), SAMPLES.done))).toBe(
      'status "done" is accepted only in phase done, not in testing; reach phase done first ' +
        "(allowed: stay in testing, or continue to quality | done | implementation)",
    );
    expect(rejection(judge(input("planning"), SAMPLES.done))).toMatch(
      /not in planning.*continue to implementation/,
    );
  });

  it("accepts done in phase done with its summary", () => {
    expect(accepted(judge(input("done"), SAMPLES.done))).toMatchObject({
      phase: "done",
      next: { state: "done" },
      summary: "all shipped",
    });
  });

  it("refuses waiting in phase done, naming what is allowed", () => {
    expect(rejection(judge(input("done"), SAMPLES.waiting))).toBe(
      'status "waiting" is not allowed in phase done; allowed here: continue, blocked, handoff, done',
    );
  });

  it("accepts blocked in every phase, keeping the phase", () => {
    for (const phase of PHASES) {
      expect(accepted(judge(input(phase), SAMPLES.blocked)), phase).toMatchObject({
        phase,
        next: { state: "blocked", cause: "agent", reason: "no database" },
        blockedNeeds: "environment",
      });
    }
  });

  it("accepts handoff keeping the phase, running, with its payload", () => {
    expect(accepted(judge(input("implementation"), SAMPLES.handoff))).toMatchObject({
      phase: "implementation",
      next: { state: "running" },
      handoff: { reason: "context full", state: { step: 3 } },
    });
  });
});

describe("judgeSignal: waits", () => {
  const WAITS: Record<Phase, string[]> = {
    investigation: ["human_action", "workers"],
    requirements: ["qa_answers", "human_action", "workers"],
    planning: ["plan_approval", "human_action", "workers"],
    implementation: ["human_action", "workers"],
    testing: ["human_action", "workers"],
    quality: ["human_action", "workers"],
    done: [],
  };

  it.each(PHASES.flatMap((phase) => WAITING_FOR.map((wait) => [phase, wait] as const)))(
    "%s waits for %s",
    (phase, wait) => {
      const judgement = judge(input(phase), { status: "waiting", for: wait });
      if (!WAITS[phase].includes(wait)) {
        expect(judgement.verdict).toBe("rejected");
        return;
      }
      expect(accepted(judgement)).toMatchObject({ phase, next: { state: "waiting", for: wait }, notes: [] });
    },
  );

  it("names the allowed waits when refusing one", () => {
    expect(rejection(judge(input("requirements"), { status: "waiting", for: "plan_approval" }))).toBe(
      "waiting for plan_approval is not allowed in phase requirements; allowed waits here: qa_answers, human_action, workers",
    );
  });
});

describe("judgeSignal: gates", () => {
  const closed = { qaAnswered: false, planApproved: false };

  it("requirements → planning needs the Q&A answered", () => {
    const signal = { status: "continue", phase: "planning" };
    expect(rejection(judge(input("requirements", { gates: closed }), signal))).toBe(
      'requirements → planning needs every question in _qa.md answered; signal {"status":"waiting","for":"qa_answers"} and let a human answer',
    );
    const gates = { ...closed, qaAnswered: true };
    expect(accepted(judge(input("requirements", { gates }), signal))).toMatchObject({
      phase: "planning",
      notes: [],
    });
  });

  it("planning → implementation needs the plan approved", () => {
    const signal = { status: "continue", phase: "implementation" };
    expect(rejection(judge(input("planning", { gates: closed }), signal))).toBe(
      'planning → implementation needs the plan approved by a human (samocode approve); signal {"status":"waiting","for":"plan_approval"}',
    );
    const gates = { ...closed, planApproved: true };
    expect(accepted(judge(input("planning", { gates }), signal)).phase).toBe("implementation");
  });

  it("staying never needs a gate", () => {
    expect(judge(input("requirements", { gates: closed }), { status: "continue" }).verdict).toBe("accepted");
    expect(judge(input("planning", { gates: closed }), { status: "continue" }).verdict).toBe("accepted");
  });

  it("waits for a gate while it is closed, without auto-approve", () => {
    expect(
      accepted(judge(input("planning", { gates: closed }), { status: "waiting", for: "plan_approval" })),
    ).toMatchObject({
      phase: "planning",
      next: { state: "waiting", for: "plan_approval" },
    });
  });
});

describe("judgeSignal: auto-approve", () => {
  const auto = { autoApprove: true, gates: { qaAnswered: false, planApproved: false } };

  it("turns waiting/plan_approval into a move to implementation, with a note", () => {
    const result = accepted(judge(input("planning", auto), { status: "waiting", for: "plan_approval" }));
    expect(result).toMatchObject({
      fromPhase: "planning",
      phase: "implementation",
      next: { state: "running" },
    });
    expect(result.notes).toEqual([
      "--auto-approve: the plan was approved without a human; planning → implementation.",
    ]);
    expect(result.phaseIterations.planning).toBe(1);
  });

  it("turns waiting/qa_answers into running in requirements, telling the agent to decide", () => {
    const result = accepted(judge(input("requirements", auto), { status: "waiting", for: "qa_answers" }));
    expect(result).toMatchObject({ phase: "requirements", next: { state: "running" } });
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0]).toMatch(/no human will answer _qa\.md/);
    expect(result.notes[0]).toMatch(/assumption/);
  });

  it("lets gated continues through, noting the skipped gate", () => {
    const toPlanning = accepted(
      judge(input("requirements", auto), { status: "continue", phase: "planning" }),
    );
    expect(toPlanning.notes).toEqual(["--auto-approve: requirements → planning without the qa gate."]);
    const toImpl = accepted(judge(input("planning", auto), { status: "continue", phase: "implementation" }));
    expect(toImpl.phase).toBe("implementation");
  });

  it("still waits for a human action or workers", () => {
    for (const wait of ["human_action", "workers"]) {
      expect(accepted(judge(input("planning", auto), { status: "waiting", for: wait })).next.state).toBe(
        "waiting",
      );
    }
  });

  it("does not make a disallowed move or wait acceptable", () => {
    expect(judge(input("planning", auto), { status: "continue", phase: "testing" }).verdict).toBe("rejected");
    expect(judge(input("requirements", auto), { status: "waiting", for: "plan_approval" }).verdict).toBe(
      "rejected",
    );
  });
});

describe("judgeSignal: iteration limits", () => {
  it.each(PHASES)("%s: accepted at limit-1, rejected at the limit, rejections never count", (phase) => {
    const limit = phaseLimit(phase);
    const below = input(phase, { phaseIterations: iterationsAt(phase, limit - 1) });
    const result = accepted(judge(below, SAMPLES.continue));
    expect(result.phaseIterations[phase]).toBe(limit);
    // Staying would need a run past the limit, so the session blocks now instead.
    expect(result.next).toEqual({
      state: "blocked",
      cause: "phase-limit",
      reason: `phase iteration limit reached (${limit}) in phase ${phase}`,
    });
    const atLimit = input(phase, { phaseIterations: iterationsAt(phase, limit) });
    expect(rejection(judge(atLimit, SAMPLES.continue))).toBe(
      `phase iteration limit reached (${limit}) in phase ${phase}`,
    );
    expect(atLimit.phaseIterations[phase]).toBe(limit);
  });

  it("counts one accepted iteration in the phase it ran in, also when moving", () => {
    const before = { ...emptyPhaseIterations(), testing: 4, quality: 2 };
    const result = accepted(
      judge(input("testing", { phaseIterations: before }), { status: "continue", phase: "quality" }),
    );
    expect(result.phaseIterations).toEqual({ ...before, testing: 5 });
    expect(before.testing).toBe(4);
  });

  it("moving out of a phase at limit-1 keeps running in the next phase", () => {
    const at = input("testing", { phaseIterations: iterationsAt("testing", 19) });
    expect(accepted(judge(at, { status: "continue", phase: "quality" }))).toMatchObject({
      phase: "quality",
      next: { state: "running" },
    });
  });

  it("moving into a phase whose limit is used up blocks at once", () => {
    const used = { ...emptyPhaseIterations(), implementation: 100 };
    expect(
      accepted(
        judge(input("testing", { phaseIterations: used }), { status: "continue", phase: "implementation" }),
      ),
    ).toMatchObject({
      phase: "implementation",
      next: {
        state: "blocked",
        cause: "phase-limit",
        reason: "phase iteration limit reached (100) in phase implementation",
      },
      blockedNeeds: null,
    });
  });

  it("leaves a waiting signal at limit-1 waiting", () => {
    const at = input("requirements", { phaseIterations: iterationsAt("requirements", 9) });
    expect(accepted(judge(at, { status: "waiting", for: "qa_answers" })).next).toEqual({
      state: "waiting",
      for: "qa_answers",
      reason: null,
    });
  });

  it("still accepts blocked at the limit, with the agent's reason", () => {
    const at = input("done", { phaseIterations: iterationsAt("done", 3) });
    expect(accepted(judge(at, SAMPLES.blocked)).next).toEqual({
      state: "blocked",
      cause: "agent",
      reason: "no database",
    });
  });

  it("blocks a handoff that would need a run past the limit", () => {
    const at = input("quality", { phaseIterations: iterationsAt("quality", 19) });
    expect(accepted(judge(at, SAMPLES.handoff))).toMatchObject({
      next: { state: "blocked", cause: "phase-limit" },
      handoff: { reason: "context full" },
    });
  });
});

describe("judgeSignal: reads that are not a valid signal", () => {
  it("does not judge a missing or empty signal", () => {
    expect(judgeSignal(input("testing"), { kind: "missing" })).toEqual({
      verdict: "no-signal",
      accepted: false,
      read: "missing",
    });
    expect(judgeSignal(input("testing"), read({}))).toEqual({
      verdict: "no-signal",
      accepted: false,
      read: "empty",
    });
  });

  it("rejects refused, invalid-json and invalid reads with their reason", () => {
    const refused: SignalRead = {
      kind: "refused",
      reason: "_signal.json is a symlink; write a regular file",
    };
    expect(rejection(judgeSignal(input("testing"), refused))).toBe(refused.reason);
    expect(rejection(judgeSignal(input("testing"), parseSignal(Buffer.from("{nope"))))).toMatch(
      /^_signal\.json is not valid JSON: /,
    );
    expect(rejection(judge(input("testing"), { status: "continue", phase: "shipping" }))).toMatch(
      /^_signal\.json does not match the signal schema: phase: /,
    );
  });
});
