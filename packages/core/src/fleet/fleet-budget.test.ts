import { describe, expect, it } from "vitest";
import { applyDecision } from "../gates/apply-decision.ts";
import { makeHook } from "../session/hook.test-support.ts";
import {
  capFor,
  FLEET_SUPERVISOR,
  type FleetBudget,
  fleetPauseReason,
  isFleetPause,
  localDay,
  spentOn,
} from "./fleet-budget.ts";

const NOW = new Date(2026, 10, 21, 15, 0, 0);
const TODAY = localDay(NOW);
const verdict = (overrides: Partial<FleetBudget> = {}): FleetBudget => ({
  day: TODAY,
  capUsd: 5,
  spentUsd: 5.5,
  paused: true,
  checkedAt: NOW.toISOString(),
  ...overrides,
});

describe("the fleet's daily budget", () => {
  it("counts only today's costs, in local days", () => {
    const rows = [
      { at: new Date(2026, 10, 21, 0, 0, 1).toISOString(), costUsd: 1 },
      { at: new Date(2026, 10, 21, 23, 59, 59).toISOString(), costUsd: 2 },
      { at: new Date(2026, 10, 20, 23, 59, 59).toISOString(), costUsd: 4 },
      { at: NOW.toISOString(), costUsd: null },
    ];
    expect(TODAY).toBe("2026-11-21");
    expect(spentOn(rows, TODAY)).toBe(3);
  });

  it("takes today's raise over the configured cap, and ignores yesterday's", () => {
    expect(capFor(TODAY, 5, undefined)).toBe(5);
    expect(capFor(TODAY, undefined, undefined)).toBeNull();
    expect(capFor(TODAY, 5, { day: TODAY, capUsd: 20, setAt: "" })).toBe(20);
    expect(capFor(TODAY, 5, { day: "2026-11-20", capUsd: 20, setAt: "" })).toBe(5);
  });

  it("pauses a session only on a paused verdict of today that it was not let past", () => {
    const hook = makeHook();
    expect(fleetPauseReason(hook, verdict(), NOW)).toMatch(
      /^fleet budget reached: \$5\.50 of \$5\.00 spent today .*samocode budget --fleet-usd N/,
    );
    expect(fleetPauseReason(hook, undefined, NOW)).toBeUndefined();
    expect(fleetPauseReason(hook, verdict({ paused: false }), NOW)).toBeUndefined();
    expect(fleetPauseReason(hook, verdict({ day: "2026-11-20" }), NOW)).toBeUndefined();
    expect(fleetPauseReason({ ...hook, fleetBudgetWaivedOn: TODAY }, verdict(), NOW)).toBeUndefined();
    expect(fleetPauseReason({ ...hook, fleetBudgetWaivedOn: "2026-11-20" }, verdict(), NOW)).toBeDefined();
  });

  it("a human's resume lets a fleet-paused session past the cap today; the supervisor's does not", () => {
    const reason = fleetPauseReason(makeHook(), verdict(), NOW);
    const paused = makeHook({ state: "paused", blockedReason: reason ?? null });
    expect(isFleetPause(paused)).toBe(true);
    const human = applyDecision(paused, { action: "resume", from: "cli", at: "" }, NOW);
    expect(human).toMatchObject({ ok: true, hook: { state: "running", fleetBudgetWaivedOn: TODAY } });
    const lifted = applyDecision(paused, { action: "resume", from: FLEET_SUPERVISOR, at: "" }, NOW);
    expect(lifted).toMatchObject({ ok: true, hook: { state: "running", fleetBudgetWaivedOn: null } });
    const budget = makeHook({ state: "paused", blockedReason: "budget reached: $2 of $1", budgetUsd: 3 });
    expect(applyDecision(budget, { action: "resume", from: "cli", at: "" }, NOW)).toMatchObject({
      hook: { fleetBudgetWaivedOn: null },
    });
  });
});
