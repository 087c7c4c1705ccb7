import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { afterAll, describe, expect, it } from "vitest";
import { makePm2Home, type Pm2Home } from "../helpers/pm2-home.ts";
import { cliArgv } from "../helpers/shipped-cli.ts";
import { makeTempDir } from "../helpers/temp-dir.ts";

const DEMO = fileURLToPath(new URL("../../scripts/demo.ts", import.meta.url));

let pm2: Pm2Home | undefined;
afterAll(async () => {
  await pm2?.destroy();
});

async function hookOf(sessions: string): Promise<Record<string, unknown>> {
  const [folder] = (await readdir(sessions)).filter((f) => !f.startsWith("_") && !f.startsWith("."));
  return JSON.parse(await readFile(join(sessions, folder ?? "", "_hook.json"), "utf8"));
}

async function until(
  sessions: string,
  predicate: (hook: Record<string, unknown>) => boolean,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const hook = await hookOf(sessions).catch(() => ({}));
    if (predicate(hook)) return hook;
    if (Date.now() > deadline) throw new Error(`demo session never got there; last: ${JSON.stringify(hook)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("the README demo", () => {
  it("spawns the scripted session under PM2, stops at the gates, and finishes after answer and approve", async () => {
    pm2 = await makePm2Home();
    const dir = join(await makeTempDir(), "demo");
    // samocode on the PATH, as `samocode install` puts it, so the demo's hints can be run as printed.
    const bin = join(await makeTempDir(), "bin");
    const linked = await execa(process.execPath, cliArgv(["install", "--only", "command", "--bin-dir", bin]));
    expect(linked.exitCode).toBe(0);
    const env = { PATH: `${bin}:${process.env.PATH ?? ""}`, HOME: dir, PM2_HOME: pm2.home };
    const demo = await execa(process.execPath, [DEMO, "--dir", dir], {
      env,
      extendEnv: false,
      reject: false,
    });
    expect(demo.exitCode, demo.stderr).toBe(0);
    expect(demo.stdout).toMatch(/is waiting for qa_answers in phase requirements/);
    expect(demo.stdout).toMatch(/│ online/);
    const sessions = join(dir, "sessions");
    expect(await hookOf(sessions)).toMatchObject({
      provider: "scripted",
      state: "waiting",
      waitingFor: "qa_answers",
    });

    // The hints, run exactly as printed (without their comments), from another folder.
    const hint = async (verb: string) => {
      const line = demo.stdout.split("\n").find((text) => text.includes(` ${verb} greet`)) ?? "";
      const command = line.replace(/#.*$/, "").trim();
      expect(command).toMatch(new RegExp(`^samocode --config ${join(dir, ".samocode")} ${verb} greet`));
      const run = await execa("bash", ["-c", command], { cwd: "/", env, extendEnv: false, reject: false });
      expect(run.exitCode, `${command}\n${run.stderr}`).toBe(0);
      return run;
    };
    expect((await hint("show")).stdout).toContain('Q1: What should greet("Ada") return?');
    await hint("answer");
    await until(sessions, (h) => h.waitingFor === "plan_approval");
    await hint("approve");
    const done = await until(sessions, (h) => h.state === "done");
    expect((await hint("diff")).stdout).toContain("+++ b/greet.js");
    const greet = await readFile(join(dir, "worktrees", String(done.session), "greet.js"), "utf8");
    expect(greet).toMatch(/Hello, \$\{name\}!/);
    // The user's path: the demo's spawn brought the supervisor up; the finished worker removed its own app.
    const apps = await pm2.jlist({ PATH: env.PATH });
    expect(apps.map((app) => [app.name, app.pm2_env.status])).toEqual([["samocode-supervisor", "online"]]);
  });
});
