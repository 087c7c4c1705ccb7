import { describe, expect, it } from "vitest";
import { makeHook } from "../session/hook.test-support.ts";
import { pause, wait } from "../session/session-state.ts";
import { applyDecision, gateOf } from "./apply-decision.ts";

const NOW = new Date("2026-11-21T12:00:00.000Z");
const resume = { action: "resume", from: "human", at: "" } as const;
const atPlan = wait(makeHook(), "plan_approval");
const atQa = wait(makeHook({ phase: "requirements" }), "qa_answers");
const stopped = (hook: ReturnType<typeof makeHook>) => pause(hook, "human", "stopped by human");

describe("resume at a human gate", () => {
  it("leaves a waiting session at its gate, without a rerun of the phase", () => {
    const effect = applyDecision({ ...atPlan, noSignalCount: 2 }, resume, NOW);
    expect(effect).toMatchObject({ ok: true, gate: "plan_approval" });
    if (!effect.ok) return;
    expect(effect.hook).toMatchObject({ state: "waiting", waitingFor: "plan_approval", noSignalCount: 0 });
  });

  it("takes a session a human stopped at the plan gate back to that gate", () => {
    const hook = stopped(atPlan);
    expect(gateOf(hook, {})).toBe("plan_approval");
    const effect = applyDecision(hook, { ...resume, feedback: "keep it small" }, NOW);
    expect(effect).toMatchObject({ ok: true, gate: "plan_approval" });
    if (!effect.ok) return;
    expect(effect.hook).toMatchObject({ state: "waiting", waitingFor: "plan_approval", cause: null });
    expect(effect.hook.pendingNotes?.join("\n")).toContain("keep it small");
  });

  it("takes a session stopped at the Q&A gate back there while a question is open, and on once all are answered", () => {
    const hook = stopped(atQa);
    const open = applyDecision(hook, resume, NOW, { openQuestions: 1 });
    expect(open).toMatchObject({ ok: true, gate: "qa_answers", hook: { state: "waiting" } });
    const answered = applyDecision(hook, resume, NOW, { openQuestions: 0 });
    expect(answered).toMatchObject({ ok: true, hook: { state: "running", waitingFor: null } });
    expect(answered.ok && answered.gate).toBeUndefined();
  });

  it("runs a session that was stopped while it worked, or that waited for a human's action", () => {
    for (const hook of [stopped(makeHook()), stopped(wait(makeHook(), "human_action"))]) {
      const effect = applyDecision(hook, resume, NOW);
      expect(effect).toMatchObject({ ok: true, hook: { state: "running", cause: null, waitingFor: null } });
    }
  });

  it("refuses a plan decision for a session stopped at the plan gate, naming where it stands", () => {
    const effect = applyDecision(stopped(atPlan), { ...resume, action: "approve" }, NOW);
    expect(effect).toEqual({
      ok: false,
      reason:
        "26-11-21-auth is not waiting for plan approval (paused: stopped by human (was waiting for plan_approval))",
    });
  });

  it("still refuses a resume whose budget stays spent, at a gate too", () => {
    const spent = stopped({ ...atPlan, budgetUsd: 1, costUsd: 1.25 });
    const effect = applyDecision(spent, resume, NOW, { command: "samocode --config /p/.samocode" });
    expect(effect).toEqual({
      ok: false,
      reason:
        "26-11-21-auth: budget reached: $1.25 of $1.00 spent; raise it with samocode --config /p/.samocode resume 26-11-21-auth --budget-usd N",
    });
  });
});
