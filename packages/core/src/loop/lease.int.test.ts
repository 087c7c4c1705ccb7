import { readdir, readFile, writeFile } from "node:fs/promises";
import { hostname } from "node:os";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { acquireLease, LEASE_FILE, readLeaseHolder } from "./lease.ts";

async function deadPid(): Promise<number> {
  const child = execa(process.execPath, ["-e", ""]);
  await child;
  if (child.pid === undefined) throw new Error("no pid");
  return child.pid;
}

describe("session lease", () => {
  it("is exclusive while held and free again after release", async () => {
    const dir = await makeTempDir();
    const first = await acquireLease(dir, "samocode run");
    expect(first.ok).toBe(true);
    const second = await acquireLease(dir, "worker");
    expect(second).toMatchObject({
      ok: false,
      reason: expect.stringContaining(`samocode run (pid ${process.pid}`),
    });
    expect((await readLeaseHolder(dir))?.pid).toBe(process.pid);
    if (first.ok) await first.release();
    expect(await readLeaseHolder(dir)).toBeUndefined();
    const third = await acquireLease(dir, "worker");
    expect(third.ok).toBe(true);
    if (third.ok) await third.release();
  });

  it("takes over a lease whose process is gone, or whose pid was reused", async () => {
    const dir = await makeTempDir();
    const lease = (pid: number, startTicks?: string) =>
      JSON.stringify({
        pid,
        host: hostname(),
        acquiredAt: "2026-01-01T00:00:00Z",
        owner: "worker",
        startTicks,
      });
    await writeFile(join(dir, LEASE_FILE), lease(await deadPid()));
    const afterDeath = await acquireLease(dir, "worker");
    expect(afterDeath).toMatchObject({ ok: true, tookOverStale: true });
    if (afterDeath.ok) await afterDeath.release();

    await writeFile(join(dir, LEASE_FILE), lease(process.pid, "1"));
    const afterReuse = await acquireLease(dir, "worker");
    expect(afterReuse).toMatchObject({ ok: true, tookOverStale: true });
    if (afterReuse.ok) await afterReuse.release();
    expect((await readdir(dir)).filter((f) => f !== LEASE_FILE)).toEqual([]);
  });

  it("treats a garbage lease file as stale instead of crashing", async () => {
    const dir = await makeTempDir();
    await writeFile(join(dir, LEASE_FILE), "\u0000not json");
    const result = await acquireLease(dir, "worker");
    expect(result.ok).toBe(true);
    expect(JSON.parse(await readFile(join(dir, LEASE_FILE), "utf8")).pid).toBe(process.pid);
  });

  it("lets exactly one of many racing processes win over a stale lease", async () => {
    const dir = await makeTempDir();
    await writeFile(
      join(dir, LEASE_FILE),
      JSON.stringify({ pid: await deadPid(), host: hostname(), acquiredAt: "x", owner: "worker" }),
    );
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
});

describe("a taker killed inside the takeover", () => {
  it("leaves a mutex the next taker recognises as dead at once", async () => {
    const dir = await makeTempDir();
    const dead = JSON.stringify({ pid: await deadPid(), host: hostname(), acquiredAt: "x", owner: "worker" });
    await writeFile(join(dir, LEASE_FILE), dead);
    await writeFile(join(dir, `${LEASE_FILE}.takeover`), dead);
    const result = await acquireLease(dir, "worker");
    expect(result).toMatchObject({ ok: true, tookOverStale: true });
    expect((await readdir(dir)).sort()).toEqual([LEASE_FILE]);
  });
});
