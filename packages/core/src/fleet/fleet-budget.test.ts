import { describe, expect, it } from "vitest";
import { makeHook } from "../session/hook.test-support.ts";
import {
  capFor,
  endOfLocalDay,
  type FleetBudget,
  fleetPauseReason,
  localDay,
  spentOn,
} from "./fleet-budget.ts";

const NOW = new Date(2026, 10, 21, 15, 0, 0);
const TODAY = localDay(NOW);
const verdict = (overrides: Partial<FleetBudget> = {}): FleetBudget => ({
  day: TODAY,
  until: endOfLocalDay(NOW).toISOString(),
  capUsd: 5,
  spentUsd: 5.5,
  paused: true,
  checkedAt: NOW.toISOString(),
  ...overrides,
});

describe("the fleet's daily budget", () => {
  it("counts only today's costs, in local days, and ends the day at local midnight", () => {
    const rows = [
      { at: new Date(2026, 10, 21, 0, 0, 1).toISOString(), costUsd: 1 },
      { at: new Date(2026, 10, 21, 23, 59, 59).toISOString(), costUsd: 2 },
      { at: new Date(2026, 10, 20, 23, 59, 59).toISOString(), costUsd: 4 },
      { at: NOW.toISOString(), costUsd: null },
    ];
    expect(TODAY).toBe("2026-11-21");
    expect(spentOn(rows, TODAY)).toBe(3);
    expect(endOfLocalDay(NOW)).toEqual(new Date(2026, 10, 22));
  });

  it("takes a raise set today over the configured cap, and ignores yesterday's", () => {
    expect(capFor(TODAY, 5, undefined)).toBe(5);
    expect(capFor(TODAY, undefined, undefined)).toBeNull();
    expect(capFor(TODAY, 5, { capUsd: 20, setAt: new Date(2026, 10, 21, 8).toISOString() })).toBe(20);
    expect(capFor(TODAY, 5, { capUsd: 20, setAt: new Date(2026, 10, 20, 23).toISOString() })).toBe(5);
  });

  it("pauses a session only while a paused verdict holds and no human let it past", () => {
    const hook = makeHook();
    expect(fleetPauseReason(hook, verdict(), NOW)).toMatch(
      /^fleet budget reached: \$5\.50 of \$5\.00 spent today .*samocode budget --fleet-usd N/,
    );
    expect(fleetPauseReason(hook, undefined, NOW)).toBeUndefined();
    expect(fleetPauseReason(hook, verdict({ paused: false }), NOW)).toBeUndefined();
    // Yesterday's verdict, whatever zone the reader is in: past its `until` it means nothing.
    expect(fleetPauseReason(hook, verdict({ until: NOW.toISOString() }), NOW)).toBeUndefined();
    const until = endOfLocalDay(NOW).toISOString();
    expect(fleetPauseReason({ ...hook, fleetBudgetWaivedUntil: until }, verdict(), NOW)).toBeUndefined();
    const expired = new Date(NOW.getTime() - 1).toISOString();
    expect(fleetPauseReason({ ...hook, fleetBudgetWaivedUntil: expired }, verdict(), NOW)).toBeDefined();
  });
});
