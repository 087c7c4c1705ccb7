// Issue 13, failure 1, as a model: two loops taking, releasing and crashing over one session's lease;
// garbage, wrong shapes and leases copied from another host overwriting it at any moment; and a human
// clearing it only when the reply said to (no live loop holds it). However interleaved (fast-check's
// model-based commands), never do two live loops believe they hold the session.
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  acquireLease,
  inspectLease,
  LEASE_FILE,
  type LeaseMachine,
  type LeaseOutcome,
} from "../../packages/core/src/loop/lease.ts";
import { makeTempDir } from "../helpers/temp-dir.ts";
import { FUZZ } from "./plant.ts";

const HOST = "this-host";
const LOOPS = ["A", "B"] as const;
type Loop = (typeof LOOPS)[number];

/** The model: which loops believe they hold the lease. */
type Model = { holders: Set<Loop> };

/** The real world: a session folder, the live processes, and each loop's incarnation and lease. */
type Real = {
  dir: string;
  alive: Map<number, string>;
  incarnation: Map<Loop, { pid: number; ticks: string }>;
  held: Map<Loop, Extract<LeaseOutcome, { ok: true }>>;
  nextPid: number;
};

function machineOf(real: Real, loop: Loop): LeaseMachine {
  const self = real.incarnation.get(loop) ?? start(real, loop);
  return {
    host: HOST,
    bootId: "boot-1",
    self: { pid: self.pid, startTicks: self.ticks },
    processState: (pid, ticks) => {
      const now = real.alive.get(pid);
      if (now === undefined) return "gone";
      return ticks === undefined || ticks === now ? "same" : "reused";
    },
  };
}

function start(real: Real, loop: Loop) {
  const pid = real.nextPid++;
  const incarnation = { pid, ticks: String(pid * 7) };
  real.alive.set(pid, incarnation.ticks);
  real.incarnation.set(loop, incarnation);
  return incarnation;
}

/** After every command: at most one live believer, and the model agrees with the world. */
function invariant(model: Model, real: Real): void {
  const live = [...real.held.keys()].filter((loop) => real.incarnation.has(loop));
  expect(live.length).toBeLessThanOrEqual(1);
  expect(new Set(live)).toEqual(model.holders);
}

class Acquire implements fc.AsyncCommand<Model, Real> {
  readonly loop: Loop;
  constructor(loop: Loop) {
    this.loop = loop;
  }
  check = (model: Readonly<Model>) => !model.holders.has(this.loop);
  async run(model: Model, real: Real): Promise<void> {
    const before = await inspectLease(real.dir, machineOf(real, this.loop));
    const taken = await acquireLease(real.dir, `loop ${this.loop}`, machineOf(real, this.loop));
    // Exactly the free and the stale (proven) leases are taken; a held or unreadable one never is.
    expect(taken.ok).toBe(before.state !== "held");
    if (taken.ok) {
      real.held.set(this.loop, taken);
      model.holders.add(this.loop);
    }
    invariant(model, real);
  }
  toString = () => `acquire(${this.loop})`;
}

class Release implements fc.AsyncCommand<Model, Real> {
  readonly loop: Loop;
  constructor(loop: Loop) {
    this.loop = loop;
  }
  check = (model: Readonly<Model>) => model.holders.has(this.loop);
  async run(model: Model, real: Real): Promise<void> {
    await real.held.get(this.loop)?.release();
    real.held.delete(this.loop);
    model.holders.delete(this.loop);
    invariant(model, real);
  }
  toString = () => `release(${this.loop})`;
}

/** The loop's process dies without releasing (SIGKILL, OOM): its lease stays, naming a gone pid. */
class Crash implements fc.AsyncCommand<Model, Real> {
  readonly loop: Loop;
  constructor(loop: Loop) {
    this.loop = loop;
  }
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const incarnation = real.incarnation.get(this.loop);
    if (incarnation !== undefined) real.alive.delete(incarnation.pid);
    real.incarnation.delete(this.loop);
    real.held.delete(this.loop);
    model.holders.delete(this.loop);
    invariant(model, real);
  }
  toString = () => `crash(${this.loop})`;
}

/**
 * Something overwrites the lease file: garbage or a wrong shape (at any moment), a lease copied from another
 * host (at any moment: it is never taken over), or a well-formed lease of this host naming a dead process —
 * only while no loop holds the session (a folder restored from a backup): over a live loop's lease that one
 * is indistinguishable from the loop's own crash, which is what stale means.
 */
class Overwrite implements fc.AsyncCommand<Model, Real> {
  readonly text: string;
  readonly local: boolean;
  constructor(text: string) {
    this.text = text;
    this.local = text.includes(`"host":"${HOST}"`);
  }
  check = (model: Readonly<Model>) => !this.local || model.holders.size === 0;
  async run(model: Model, real: Real): Promise<void> {
    await writeFile(join(real.dir, LEASE_FILE), this.text);
    invariant(model, real);
  }
  toString = () => `overwrite(${JSON.stringify(this.text.slice(0, 40))})`;
}

/** A human follows the reply "if nothing runs it any more: rm _lease.json" — only when that is true. */
class HumanClears implements fc.AsyncCommand<Model, Real> {
  check = (model: Readonly<Model>) => model.holders.size === 0;
  async run(model: Model, real: Real): Promise<void> {
    await rm(join(real.dir, LEASE_FILE), { force: true });
    invariant(model, real);
  }
  toString = () => "human clears the lease";
}

const overwrites = fc.oneof(
  fc.constantFrom("garbage", "", "{}", '{"pid":"one"}', "\u0000not json", "[[[[[[[[[[]]]]]]]]]]"),
  fc.string({ unit: "binary", maxLength: 60 }),
  fc
    .record({ pid: fc.integer({ min: 1, max: 50 }), host: fc.constantFrom(HOST, "other-host") })
    .map((lease) => JSON.stringify({ ...lease, acquiredAt: "2026-01-01T00:00:00Z", owner: "copied" })),
);

const commands = [
  fc.constantFrom(...LOOPS).map((loop) => new Acquire(loop)),
  fc.constantFrom(...LOOPS).map((loop) => new Release(loop)),
  fc.constantFrom(...LOOPS).map((loop) => new Crash(loop)),
  overwrites.map((text) => new Overwrite(text)),
  fc.constant(new HumanClears()),
];

describe("the session lease as a model", () => {
  it("never lets two live loops hold a session, whatever overwrites the lease in between", async () => {
    const base = await makeTempDir("samo-lease-model-");
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 50 }), async (cmds) => {
        const dir = join(base, `run-${run++}`);
        await mkdir(dir);
        const real: Real = { dir, alive: new Map(), incarnation: new Map(), held: new Map(), nextPid: 1000 };
        await fc.asyncModelRun(() => ({ model: { holders: new Set<Loop>() }, real }), cmds);
        // Nothing but the lease itself is ever left behind (no takeover mutex, no temp file).
        expect((await readdir(dir)).filter((name) => name !== LEASE_FILE)).toEqual([]);
      }),
      FUZZ,
    );
  });
});
