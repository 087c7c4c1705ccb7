import { mkdir, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import {
  acquireLease,
  describeLeaseHolder,
  inspectLease,
  LEASE_FILE,
  type LeaseMachine,
  readLeaseHolder,
  thisMachine,
} from "./lease.ts";

async function deadPid(): Promise<number> {
  const child = execa(process.execPath, ["-e", ""]);
  await child;
  if (child.pid === undefined) throw new Error("no pid");
  return child.pid;
}

const leaseText = (fields: Record<string, unknown>) =>
  JSON.stringify({ host: hostname(), acquiredAt: "2026-01-01T00:00:00Z", owner: "worker", ...fields });

describe("session lease", () => {
  it("is exclusive while held and free again after release", async () => {
    const dir = await makeTempDir();
    const first = await acquireLease(dir, "samocode run");
    expect(first.ok).toBe(true);
    const second = await acquireLease(dir, "worker");
    expect(second).toMatchObject({
      ok: false,
      reason: expect.stringContaining(`already run by samocode run pid ${process.pid} on this host`),
    });
    expect((await readLeaseHolder(dir))?.pid).toBe(process.pid);
    if (first.ok) await first.release();
    expect(await readLeaseHolder(dir)).toBeUndefined();
    expect(await inspectLease(dir)).toEqual({ state: "free" });
    const third = await acquireLease(dir, "worker");
    expect(third.ok).toBe(true);
    if (third.ok) await third.release();
  });

  it("records the host and its boot, and takes over a lease whose process is gone or whose pid was reused", async () => {
    const dir = await makeTempDir();
    const mine = await acquireLease(dir, "worker");
    const written = JSON.parse(await readFile(join(dir, LEASE_FILE), "utf8"));
    expect(written).toMatchObject({ pid: process.pid, host: hostname(), owner: "worker" });
    if (thisMachine().bootId !== undefined) expect(written.bootId).toBe(thisMachine().bootId);
    if (mine.ok) await mine.release();

    const dead = await deadPid();
    await writeFile(join(dir, LEASE_FILE), leaseText({ pid: dead }));
    expect(await inspectLease(dir)).toMatchObject({ state: "stale", proof: `pid ${dead} is gone` });
    const afterDeath = await acquireLease(dir, "worker");
    expect(afterDeath).toMatchObject({ ok: true, tookOver: { proof: `pid ${dead} is gone` } });
    if (afterDeath.ok) await afterDeath.release();

    await writeFile(join(dir, LEASE_FILE), leaseText({ pid: process.pid, startTicks: "1" }));
    const afterReuse = await acquireLease(dir, "worker");
    expect(afterReuse).toMatchObject({
      ok: true,
      tookOver: { proof: expect.stringMatching(/another process/) },
    });
    if (afterReuse.ok) await afterReuse.release();
    expect((await readdir(dir)).filter((f) => f !== LEASE_FILE)).toEqual([]);
  });

  it("lets exactly one of many racing processes win over a stale lease", async () => {
    const dir = await makeTempDir();
    await writeFile(join(dir, LEASE_FILE), leaseText({ pid: await deadPid() }));
    const leaseModule = new URL("./lease.ts", import.meta.url).href;
    const script = `
      const { acquireLease } = await import(${JSON.stringify(leaseModule)});
      const r = await acquireLease(process.argv[1], "racer");
      console.log(r.ok ? "won" : "lost");
      await new Promise((done) => setTimeout(done, 1500));
      if (r.ok) await r.release();`;
    const racers = Array.from({ length: 6 }, () =>
      execa(process.execPath, ["--input-type=module", "-e", script, dir]),
    );
    const outputs = (await Promise.all(racers)).map((r) => r.stdout.trim());
    expect(outputs.filter((o) => o === "won")).toHaveLength(1);
    expect(outputs.filter((o) => o === "lost")).toHaveLength(5);
  });

  it("puts a stale lease it replaced back when the taker ends up doing nothing", async () => {
    const dir = await makeTempDir();
    const stale = leaseText({ pid: await deadPid() });
    await writeFile(join(dir, LEASE_FILE), stale);
    const taken = await acquireLease(dir, "samocode stop");
    if (!taken.ok) throw new Error(taken.reason);
    await taken.releaseAndRestore();
    expect(JSON.parse(await readFile(join(dir, LEASE_FILE), "utf8"))).toEqual(JSON.parse(stale));
  });
});

// Issue 13, failure 1: `garbage` in a running session's lease let a second loop take it as stale.
describe("a lease that cannot be read", () => {
  const cases: [string, (path: string, dir: string) => Promise<void>, RegExp][] = [
    ["garbage", (path) => writeFile(path, "garbage"), /is not valid JSON/],
    ["NUL bytes", (path) => writeFile(path, "\u0000not json"), /is not valid JSON/],
    ["the wrong shape", (path) => writeFile(path, '{"pid":"one"}'), /is not a lease \(pid: /],
    ["binary", (path) => writeFile(path, Buffer.from([0xff, 0xfe, 0x00])), /not UTF-8/],
    ["a folder", (path) => mkdir(path), /not a regular file \(a directory\)/],
    [
      "a symlink",
      async (path, dir) => {
        await writeFile(join(dir, "elsewhere.json"), leaseText({ pid: process.pid }));
        await symlink(join(dir, "elsewhere.json"), path);
      },
      /is a symlink/,
    ],
    ["huge", (path) => writeFile(path, " ".repeat(100_000)), /bytes; the limit is 4096/],
    ["deeply nested", (path) => writeFile(path, `${"[".repeat(100)}${"]".repeat(100)}`), /nests deeper/],
  ];

  it.each(cases)(
    "counts as held when it is %s, naming the file and the fix",
    async (_what, make, problem) => {
      const dir = await makeTempDir();
      const path = join(dir, LEASE_FILE);
      await make(path, dir);
      const verdict = await inspectLease(dir);
      expect(verdict).toMatchObject({ state: "held", holder: { kind: "unreadable", problem } });
      const second = await acquireLease(dir, "samocode run");
      expect(second.ok).toBe(false);
      if (second.ok) return;
      expect(second.reason).toContain(path);
      expect(second.reason).toContain(
        `if no samocode loop runs it (check pm2 ls and ps), remove it: rm ${path}`,
      );
      expect(second.reason).not.toContain("\n");
      // Nothing was taken over or left behind.
      expect((await readdir(dir)).filter((f) => f.startsWith(LEASE_FILE) && f !== LEASE_FILE)).toEqual([]);
    },
  );
});

describe("the lease's host identity", () => {
  const at = (overrides: Partial<LeaseMachine>): LeaseMachine => ({ ...thisMachine(), ...overrides });

  it("never takes over a lease of another host, and says who holds it and the exact fix", async () => {
    const dir = await makeTempDir();
    const path = join(dir, LEASE_FILE);
    await writeFile(path, leaseText({ pid: await deadPid(), host: "build-box-7" }));
    const verdict = await inspectLease(dir);
    expect(verdict).toMatchObject({ state: "held", holder: { kind: "loop", where: "elsewhere" } });
    const taken = await acquireLease(dir, "worker");
    expect(taken).toMatchObject({ ok: false });
    if (taken.ok || verdict.state !== "held") return;
    expect(taken.reason).toMatch(
      new RegExp(
        `^run on host build-box-7 by worker pid \\d+ since 2026-01-01T00:00:00Z; if nothing runs it there any more: rm ${path}$`,
      ),
    );
    expect(describeLeaseHolder(path, verdict.holder, "s")).toBe(taken.reason);
  });

  it("takes over a lease from an earlier boot of this host, whatever its pid names now", async () => {
    const dir = await makeTempDir();
    // Our own live pid: only the boot id tells that the lease predates a reboot.
    await writeFile(join(dir, LEASE_FILE), leaseText({ pid: process.pid, bootId: "boot-before" }));
    const machine = at({ bootId: "boot-now" });
    expect(await inspectLease(dir, machine)).toMatchObject({
      state: "stale",
      proof: "this host has rebooted since (boot boot-before, now boot-now)",
    });
    const taken = await acquireLease(dir, "worker", machine);
    expect(taken).toMatchObject({ ok: true, tookOver: { proof: expect.stringMatching(/rebooted/) } });
    if (taken.ok) await taken.release();
  });

  it("holds a lease naming a live pid it cannot prove is the same process, and says how to check", async () => {
    const dir = await makeTempDir();
    const path = join(dir, LEASE_FILE);
    // pid 1 is alive; without a start time nothing shows whether it took the lease.
    await writeFile(path, leaseText({ pid: 1 }));
    const taken = await acquireLease(dir, "worker");
    expect(taken).toMatchObject({ ok: false });
    if (!taken.ok)
      expect(taken.reason).toContain(`if pid 1 is not a samocode loop (ps -p 1 -o args=): rm ${path}`);
  });
});
