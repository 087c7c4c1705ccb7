import { mkdir, mkdtemp, readFile, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  appendHistoryRow,
  createLogger,
  createSession,
  FLEET_SUPERVISOR,
  localDay,
  readDecision,
  readFleetBudget,
  readHook,
  writeFleetCap,
  writeHook,
} from "@samocode/core";
import { describe, expect, it, onTestFinished } from "vitest";
import { createFleetBudgetWatch, type FleetBudgetChange } from "./fleet-budget-watch.ts";
import { createEventSink } from "./supervisor-events.ts";

const NOW = new Date(2026, 10, 21, 15, 0, 0);
const TOMORROW = new Date(2026, 10, 22, 0, 0, 5);

async function fleetSpending(costs: number[]) {
  const root = await mkdtemp(join(tmpdir(), "samo-fleet-"));
  onTestFinished(() => rm(root, { recursive: true, force: true }));
  const dirs: string[] = [];
  for (const [index, costUsd] of costs.entries()) {
    const made = await createSession({
      sessionsRoot: root,
      task: "t",
      name: `s${index}`,
      provider: "scripted",
    });
    if (!made.ok) throw new Error(made.message);
    dirs.push(made.session.dir);
    await appendHistoryRow(made.session.dir, {
      at: NOW.toISOString(),
      iteration: 1,
      attempt: 1,
      fromPhase: "investigation",
      toPhase: "investigation",
      signal: null,
      accepted: true,
      rejection: null,
      exitCode: 0,
      durationMs: 1,
      costUsd,
      tokens: null,
    });
  }
  const changes: FleetBudgetChange[] = [];
  const logger = createLogger({ file: join(root, "test.log") });
  /** A fresh watch each time, as after a supervisor restart; its cache is what a running one keeps. */
  const check = (now: Date, cap: number | null = 1) =>
    createFleetBudgetWatch({
      stateDir: root,
      configuredCapUsd: cap ?? undefined,
      sink: createEventSink({ dir: root, logger }),
      logger,
      onChange: (change) => changes.push(change),
    }).check(now, [root]);
  return { root, dirs, check, changes };
}

describe("the supervisor's fleet budget check", () => {
  it("pauses the fleet once at the cap and leaves the loops a verdict", async () => {
    const fleet = await fleetSpending([0.5, 0.75]);
    expect(await fleet.check(NOW)).toMatchObject({ paused: true, spentUsd: 1.25, capUsd: 1 });
    await fleet.check(NOW);
    expect(fleet.changes.map((c) => c.paused)).toEqual([true]);
    expect(await readFleetBudget(fleet.root)).toMatchObject({ day: localDay(NOW), paused: true });
    const rows = await readFile(join(fleet.root, "events.jsonl"), "utf8");
    expect(rows.trim().split("\n")).toHaveLength(1);
  });

  it("stays quiet under the cap, and reads nothing without one", async () => {
    const fleet = await fleetSpending([0.25]);
    expect(await fleet.check(NOW)).toMatchObject({ paused: false, spentUsd: 0.25 });
    const none = await fleetSpending([5]);
    expect(await none.check(NOW, null)).toBeUndefined();
    expect(fleet.changes).toEqual([]);
  });

  it("lifts the pause when today's cap is raised, and resumes the sessions it paused", async () => {
    const fleet = await fleetSpending([0.5, 0.75]);
    await fleet.check(NOW);
    const [paused, running] = fleet.dirs as [string, string];
    const read = await readHook(paused);
    if (!read.ok) throw new Error(read.message);
    await writeHook(paused, {
      ...read.hook,
      state: "paused",
      cause: "fleet-budget",
      reason: "fleet budget reached: $1.25 of $1.00",
    });

    await writeFleetCap(fleet.root, { capUsd: 2, setAt: NOW.toISOString() });
    expect(await fleet.check(NOW)).toMatchObject({ paused: false, capUsd: 2 });
    expect(fleet.changes.map((c) => c.paused)).toEqual([true, false]);
    expect(await readDecision(paused)).toMatchObject({
      kind: "ok",
      decision: { action: "resume", from: FLEET_SUPERVISOR },
    });
    expect(await readDecision(running)).toEqual({ kind: "none" });
  });

  it("counts what removed sessions spent today, and skips a history it cannot read", async () => {
    const fleet = await fleetSpending([0.5, 0.75, 2]);
    const [, removed, broken] = fleet.dirs as [string, string, string];
    await mkdir(join(fleet.root, "_archive"));
    await rename(removed, join(fleet.root, "_archive", "gone"));
    await rm(join(broken, "_signal_history.jsonl"));
    await mkdir(join(broken, "_signal_history.jsonl"));
    expect(await fleet.check(NOW, 10)).toMatchObject({ paused: false, spentUsd: 1.25 });
    const log = await readFile(join(fleet.root, "test.log"), "utf8");
    expect(log).toContain("a session's history cannot be read");
  });

  it("lifts yesterday's pause when the day turns", async () => {
    const fleet = await fleetSpending([2]);
    await fleet.check(NOW);
    expect(await fleet.check(TOMORROW)).toMatchObject({
      paused: false,
      spentUsd: 0,
      day: localDay(TOMORROW),
    });
    expect(fleet.changes.map((c) => [c.paused, c.day])).toEqual([
      [true, localDay(NOW)],
      [false, localDay(TOMORROW)],
    ]);
  });
});
