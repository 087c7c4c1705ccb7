// The PM2 client against a real daemon in a short, isolated PM2_HOME (set before pm2 is first loaded).
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { isSamocodeError } from "@samocode/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectPm2, isDaemonRunning, pm2Home, withPm2, withRunningPm2 } from "./pm2-client.ts";

let home: string;
let script: string;
const saved = process.env.PM2_HOME;

beforeAll(async () => {
  home = await mkdtemp("/tmp/pm2-");
  process.env.PM2_HOME = home;
  script = join(home, "idle.mjs");
  await writeFile(script, "setInterval(() => {}, 1000);\n");
});

afterAll(async () => {
  const pm2 = await connectPm2({ startDaemon: false });
  if (pm2 !== undefined) {
    await pm2.killDaemon();
    await pm2.close();
  }
  await rm(home, { recursive: true, force: true });
  if (saved === undefined) delete process.env.PM2_HOME;
  else process.env.PM2_HOME = saved;
});

describe("pm2 client", () => {
  it("finds no daemon without starting one, or creating anything in PM2_HOME", async () => {
    expect(pm2Home()).toBe(home);
    expect(await isDaemonRunning()).toBe(false);
    expect(await withRunningPm2(async (pm2) => pm2)).toBeUndefined();
    expect(existsSync(join(home, "pm2.pid"))).toBe(false);
  });

  it("starts the daemon in PM2_HOME and manages an app by name and id", async () => {
    const app = {
      name: "samocode:26-11-21-probe",
      namespace: "samocode",
      script,
      interpreter: process.execPath,
    };
    const listed = await withPm2(async (pm2) => {
      await pm2.start(app);
      const [started] = await pm2.describe(app.name);
      if (started === undefined) throw new Error("not started");
      await pm2.stop(started.pmId);
      const stopped = await pm2.describe(app.name);
      await pm2.restart(app.name);
      const restarted = await pm2.describe(app.name);
      await pm2.delete(app.name);
      return { started, stopped, restarted, after: await pm2.list() };
    });
    expect(await isDaemonRunning()).toBe(true);
    expect(existsSync(join(home, "rpc.sock"))).toBe(true);
    expect(listed.started).toMatchObject({ name: app.name, namespace: "samocode", status: "online" });
    expect(listed.started.pid).toBeGreaterThan(0);
    expect(listed.stopped.map((a) => a.status)).toEqual(["stopped"]);
    expect(listed.restarted.map((a) => a.status)).toEqual(["online"]);
    expect(listed.after).toEqual([]);
  });

  it("fails with PM2's own words, its raw error kept as the cause", async () => {
    const failure = await withPm2((pm2) => pm2.stop("samocode:no-such-app")).catch((error: unknown) => error);
    expect(isSamocodeError(failure)).toBe(true);
    expect((failure as Error).message).toMatch(/^pm2 stop samocode:no-such-app failed: .*not found/);
    expect((failure as Error).cause).toBeDefined();
  });
});
