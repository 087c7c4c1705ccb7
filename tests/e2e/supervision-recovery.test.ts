// Crashes under a real PM2 daemon with the supervisor from ecosystem.config.cjs: a worker killed
// mid-iteration, a worker that keeps crashing, `pm2 kill` as after a reboot, and a killed supervisor.
import { readFile, unlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { HistoryRow } from "@samocode/core";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { git } from "../helpers/git-repo.ts";
import {
  ECOSYSTEM,
  groupRunning,
  makePm2Home,
  type Pm2Entry,
  type Pm2Home,
  waitFor,
} from "../helpers/pm2-home.ts";
import { makeProject, type Project, signal } from "../helpers/samocode-project.ts";

let pm2: Pm2Home;
beforeAll(async () => {
  pm2 = await makePm2Home();
});
afterAll(async () => {
  await pm2?.destroy();
});

async function supervisedProject(script: unknown): Promise<Project> {
  const project = await makeProject({ script, env: { PM2_HOME: pm2.home } });
  onTestFinished(() => pm2.reset(project.env));
  return project;
}

/** `pm2 start ecosystem.config.cjs` from the project, as a user would. */
async function startSupervisor(project: Project): Promise<void> {
  const started = await pm2.pm2(["start", ECOSYSTEM], { env: project.env, cwd: project.root });
  expect(started.exitCode, started.stderr).toBe(0);
}

const step = (status: string, phase?: string) => signal(phase ? { status, phase } : { status });

function script(implementation: unknown[]) {
  return {
    phases: {
      investigation: [["init", step("continue", "requirements")]],
      requirements: [["init", step("continue", "planning")]],
      planning: [["init", signal({ status: "waiting", for: "plan_approval" })]],
      implementation: [implementation],
      testing: [["init", step("continue", "done")]],
      done: [["init", signal({ status: "done", summary: "finished" })]],
    },
  };
}

const quickImplementation = [
  "init",
  { write: { path: "{cwd}/feature.txt", text: "x\n" } },
  { commit: { message: "add feature" } },
  step("continue", "testing"),
];

async function spawn(project: Project, name: string, ...flags: string[]): Promise<string> {
  const spawned = await project.cli(["spawn", `task ${name}`, "--name", name, "--json", ...flags]);
  expect(spawned.exitCode, spawned.stderr).toBe(0);
  return project.sessionDir((JSON.parse(spawned.stdout) as { session: string }).session);
}

async function workers(project: Project, dir: string): Promise<Pm2Entry[]> {
  const id = dir.slice(project.sessions.length + 1);
  return (await pm2.jlist(project.env)).filter((entry) => (entry.pm2_env.args ?? []).includes(id));
}

async function onlineWorker(project: Project, dir: string): Promise<Pm2Entry> {
  return waitFor(async () => {
    const online = (await workers(project, dir)).filter((entry) => entry.pm2_env.status === "online");
    return online.length === 1 ? online[0] : undefined;
  });
}

describe("supervision through crashes", () => {
  it("a worker SIGKILLed mid-iteration comes back and the session finishes, nothing lost or repeated", async () => {
    const project = await supervisedProject(
      script([
        "init",
        { sleep: 3_000 },
        { write: { path: "{cwd}/feature.txt", text: "x\n" } },
        { commit: { message: "add feature" } },
        step("continue", "testing"),
      ]),
    );
    await startSupervisor(project);
    const dir = await spawn(project, "sturdy", "--auto-approve");
    const inFlight = await project.waitForHook(
      dir,
      (h) => h.attempt?.phase === "implementation" && (h.attempt.pgid ?? null) !== null,
    );
    const victim = await onlineWorker(project, dir);
    process.kill(victim.pid, "SIGKILL");

    const hook = await project.waitForSettled(dir);
    expect(hook).toMatchObject({ state: "done", phase: "done", iteration: 6 });
    const history: HistoryRow[] = await project.history(dir);
    expect(history.map((row) => row.iteration)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(history.every((row) => row.accepted)).toBe(true);
    const commits = await git(hook.worktree ?? "", "log", "--format=%s");
    expect(commits.split("\n").filter((subject) => subject === "add feature")).toHaveLength(1);
    expect(await groupRunning(inFlight.attempt?.pgid ?? 0)).toBe(false);
    const starts = (await readFile(join(dir, "_logs", "worker.log"), "utf8"))
      .split("\n")
      .filter((line) => line.includes('"loop started"'))
      .map((line) => (JSON.parse(line) as { pid: number }).pid);
    expect(starts).toHaveLength(2);
    expect(starts[0]).toBe(victim.pid);
    expect(starts[1]).not.toBe(victim.pid);
  });

  it("a worker that keeps crashing is stopped, its session blocked as a crash loop, and an event emitted", async () => {
    const project = await supervisedProject(script(quickImplementation));
    await startSupervisor(project);
    const dir = await spawn(project, "fragile");
    await project.waitForHook(dir, (h) => h.state === "waiting");
    const victim = await onlineWorker(project, dir);
    // A typo in .env: every new worker now exits at once with a config error, which PM2 keeps restarting.
    const envFile = join(project.root, ".env");
    await writeFile(envFile, "CLAUDE_MAX_TURNS=lots\n");
    process.kill(victim.pid, "SIGKILL");

    const blocked = await project.waitForHook(dir, (h) => h.state === "blocked");
    expect(blocked.cause).toBe("crash-loop");
    // Read later from anywhere (Telegram, another folder): the hint carries the project's --config.
    expect(blocked.reason).toMatch(
      new RegExp(`fix it, then samocode --config \\S+/\\.samocode resume ${blocked.session}$`),
    );
    // The hook is written (and the lease let go) before the event is emitted: wait for the row.
    const eventsFile = join(project.sessions, "_supervisor", "events.jsonl");
    const events = await waitFor(async () => {
      const text = await readFile(eventsFile, "utf8").catch(() => "");
      return text.trim() === ""
        ? undefined
        : text
            .trim()
            .split("\n")
            .map((line) => JSON.parse(line) as { kind: string; session: string });
    });
    expect(events).toEqual([expect.objectContaining({ kind: "crash-loop", session: blocked.session })]);
    await waitFor(async () =>
      (await workers(project, dir)).every((entry) => entry.pid === 0) ? true : undefined,
    );
    expect(await readFile(join(dir, "_logs", "pm2-err.log"), "utf8")).toMatch(/CLAUDE_MAX_TURNS/);

    await unlink(envFile);
    // With the config readable again, status shows the quarantine by its cause.
    const status = JSON.parse((await project.cli(["status", "--json"])).stdout);
    expect(status.rows).toMatchObject([{ state: "blocked", cause: "crash-loop", reason: blocked.reason }]);
    const resumed = await project.cli(["resume", "fragile", "--message", "fixed the .env"]);
    expect(resumed.stdout).toMatch(/started its PM2 worker/);
    await project.waitForHook(dir, (h) => h.state === "waiting" && h.iteration === 4);
  });

  it("after pm2 kill, pm2 start ecosystem.config.cjs brings every unfinished session back", async () => {
    const project = await supervisedProject(script(quickImplementation));
    const waiting = [await spawn(project, "alpha"), await spawn(project, "beta")];
    const finished = await spawn(project, "gamma", "--auto-approve");
    for (const dir of waiting) await project.waitForHook(dir, (h) => h.state === "waiting");
    await project.waitForHook(finished, (h) => h.state === "done");

    const killed = await pm2.pm2(["kill"], { env: project.env, cwd: project.root });
    expect(killed.exitCode, killed.stderr).toBe(0);
    for (const dir of waiting) expect((await project.hook(dir)).state).toBe("waiting");

    await startSupervisor(project);
    for (const dir of waiting) await onlineWorker(project, dir);
    expect(await workers(project, finished)).toEqual([]);
    for (const name of ["alpha", "beta"]) {
      expect((await project.cli(["approve", name])).exitCode).toBe(0);
    }
    for (const dir of waiting) await project.waitForHook(dir, (h) => h.state === "done");
  });

  it("a SIGKILLed supervisor is restarted by PM2 and starts no second worker for anyone", async () => {
    const project = await supervisedProject(script(quickImplementation));
    await startSupervisor(project);
    const dirs = [await spawn(project, "left"), await spawn(project, "right")];
    for (const dir of dirs) await project.waitForHook(dir, (h) => h.state === "waiting");
    const before = await Promise.all(dirs.map((dir) => onlineWorker(project, dir)));
    const supervisor = (await pm2.jlist(project.env)).find((e) => e.name === "samocode-supervisor");
    expect(supervisor?.pm2_env.status).toBe("online");
    process.kill(supervisor?.pid ?? 0, "SIGKILL");

    const log = join(project.stateDir, "supervisor.log");
    await waitFor(async () => {
      const passes = (await readFile(log, "utf8"))
        .split("\n")
        .filter((l) => l.includes("first reconcile pass"));
      return passes.length >= 2 ? true : undefined;
    });
    const restarted = (await pm2.jlist(project.env)).find((e) => e.name === "samocode-supervisor");
    expect(restarted?.pm2_env.status).toBe("online");
    expect(restarted?.pid).not.toBe(supervisor?.pid);
    const after = await Promise.all(dirs.map((dir) => workers(project, dir)));
    expect(after.map((entries) => entries.map((e) => e.pid))).toEqual(before.map((e) => [e.pid]));
  });
});
