import { describe, expect, it } from "vitest";
import { selectPhaseRun, selectScriptRun, selectSequentialRun } from "./run-selection.ts";
import { type ScriptRun, ScriptSchema } from "./script-schema.ts";

const run = (text: string): ScriptRun => [{ kind: "say", arg: text }];
const runs = [run("a"), run("b"), run("c")];

describe("sequential selection", () => {
  it("plays runs in order and advances the cursor by one", () => {
    expect(selectSequentialRun(runs, 0)).toEqual({
      ok: true,
      run: run("a"),
      label: "runs[0]",
      nextCursor: 1,
    });
    expect(selectSequentialRun(runs, 2)).toMatchObject({ run: run("c"), nextCursor: 3 });
  });

  it("repeats the last run once the script is exhausted", () => {
    expect(selectSequentialRun(runs, 3)).toMatchObject({ run: run("c"), label: "runs[2]", nextCursor: 4 });
    expect(selectSequentialRun(runs, 99)).toMatchObject({ run: run("c") });
  });
});

describe("phase selection", () => {
  const phases = { investigation: [run("first"), run("second")], planning: [run("plan")] };

  it("uses the phase's iteration count as the index", () => {
    expect(selectPhaseRun(phases, { phase: "investigation" })).toMatchObject({ run: run("first") });
    const hook = { phase: "investigation", phaseIterations: { investigation: 1, planning: 5 } };
    expect(selectPhaseRun(phases, hook)).toEqual({
      ok: true,
      run: run("second"),
      label: "phases.investigation[1]",
    });
  });

  it("repeats a phase's last run past its end and ignores other phases' counts", () => {
    const hook = { phase: "planning", phaseIterations: { planning: 4, investigation: 0 } };
    expect(selectPhaseRun(phases, hook)).toMatchObject({ run: run("plan"), label: "phases.planning[0]" });
  });

  it("names the missing phase and the ones the script has", () => {
    expect(selectPhaseRun(phases, { phase: "done" })).toEqual({
      ok: false,
      reason: 'the script has no runs for phase "done" (it has: investigation, planning)',
    });
  });

  it("does not treat inherited object keys as phases", () => {
    expect(selectPhaseRun(phases, { phase: "constructor" }).ok).toBe(false);
  });
});

describe("selectScriptRun", () => {
  it("refuses a mode the script was not written for", () => {
    const sequential = ScriptSchema.parse({ runs: [["init"]] });
    expect(selectScriptRun(sequential, { mode: "phase", hook: { phase: "x" } })).toEqual({
      ok: false,
      reason: "the script has no `phases`",
    });
    const byPhase = ScriptSchema.parse({ phases: { x: [["init"]] } });
    expect(selectScriptRun(byPhase, { mode: "sequential", cursor: 0 }).ok).toBe(false);
  });
});
