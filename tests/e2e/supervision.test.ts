// Sessions under a real PM2 daemon (isolated PM2_HOME): spawn to done, metrics and actions, parallel
// sessions, stop/resume/rm, and a status that never starts a daemon.
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { git } from "../helpers/git-repo.ts";
import { groupRunning, makePm2Home, type Pm2Entry, type Pm2Home, waitFor } from "../helpers/pm2-home.ts";
import { makeProject, type Project, signal } from "../helpers/samocode-project.ts";

let pm2: Pm2Home;
beforeAll(async () => {
  pm2 = await makePm2Home();
});
afterAll(async () => {
  await pm2?.destroy();
});

/** A project whose CLI talks to this file's PM2; every app is deleted when the test ends. */
async function supervisedProject(script: unknown): Promise<Project> {
  const project = await makeProject({ script, env: { PM2_HOME: pm2.home } });
  // Registered after the project's own cleanup, so it runs first: no worker outlives its temp folders.
  onTestFinished(() => pm2.reset(project.env));
  return project;
}

const step = (status: string, phase?: string) => signal(phase ? { status, phase } : { status });

/** Walks every phase; stops at the plan gate unless spawned with --auto-approve. */
const toDone = {
  phases: {
    investigation: [
      ["init", step("continue", "requirements"), { result: { costUsd: 0.5, inputTokens: 100 } }],
    ],
    requirements: [["init", step("continue", "planning")]],
    planning: [["init", signal({ status: "waiting", for: "plan_approval" })]],
    implementation: [
      [
        "init",
        { write: { path: "{cwd}/feature.txt", text: "done\n" } },
        { commit: { message: "add feature" } },
        step("continue", "testing"),
      ],
    ],
    testing: [["init", step("continue", "done")]],
    done: [["init", signal({ status: "done", summary: "feature added" })]],
  },
};

function workersOf(entries: Pm2Entry[], name: string): Pm2Entry[] {
  return entries.filter((entry) => entry.name === name);
}

describe("samocode spawn under PM2", () => {
  it("returns at once; the worker publishes metrics, takes the approve action and finishes the session", async () => {
    const project = await supervisedProject(toDone);
    const spawned = await project.cli(["spawn", "Add a feature", "--name", "feat", "--json"]);
    expect(spawned.exitCode, spawned.stderr).toBe(0);
    // The first spawn on a daemon brings the supervisor up with it.
    expect(spawned.stderr).toMatch(/started the samocode supervisor/);
    const { session, app } = JSON.parse(spawned.stdout) as { session: string; app: string };
    expect(app).toMatch(/^feat@[a-z0-9-]+$/);
    const dir = project.sessionDir(session);
    await project.waitForHook(dir, (h) => h.state === "waiting" && h.waitingFor === "plan_approval");

    const metrics = await waitFor(async () => {
      const [worker] = workersOf(await pm2.jlist(project.env), app);
      const monitor = worker?.pm2_env.axm_monitor;
      return monitor?.state?.value === "waiting (for plan_approval)" ? monitor : undefined;
    });
    expect(metrics).toMatchObject({
      phase: { value: "planning" },
      iteration: { value: 3 },
      "cost USD": { value: 0.5 },
      tokens: { value: 100 },
    });
    expect(typeof metrics["idle seconds"]?.value).toBe("number");
    const [worker] = workersOf(await pm2.jlist(project.env), app);
    expect(worker?.pm2_env).toMatchObject({ namespace: "samocode", status: "online" });

    const status = await project.cli(["status", "--json"]);
    expect(JSON.parse(status.stdout)).toMatchObject({
      daemon: true,
      rows: [{ session, phase: "planning", state: "waiting", detail: "for plan_approval", pm2: "online" }],
    });

    const triggered = await pm2.pm2(["trigger", app, "approve"], { env: project.env, cwd: project.root });
    expect(triggered.stdout).toMatch(/plan approved/);
    const hook = await project.waitForHook(dir, (h) => h.state === "done");
    expect(hook).toMatchObject({ phase: "done", iteration: 6, attempt: null });
    // A finished worker removes its own app rather than sit in `pm2 ls` as "waiting restart".
    await waitFor(async () => (workersOf(await pm2.jlist(project.env), app).length === 0 ? true : undefined));
    expect(await readFile(join(dir, "_logs", "pm2-out.log"), "utf8")).toMatch(/plan approved by pm2 action/);
    expect(await git(hook.worktree ?? "", "log", "--format=%s", "-1")).toBe("add feature");
  });

  it("runs three sessions (and a child session) at once, each in its own worktree on its own branch", async () => {
    const project = await supervisedProject(toDone);
    const names = ["one", "two", "three"];
    for (const name of names) {
      const spawned = await project.cli(["spawn", `task ${name}`, "--name", name, "--auto-approve"]);
      expect(spawned.exitCode, spawned.stderr).toBe(0);
    }
    const folders = (await readdir(project.sessions)).filter((f) => !f.startsWith("_")).sort();
    expect(folders).toHaveLength(3);
    const child = await project.cli([
      "spawn",
      "a part",
      "--name",
      "part",
      "--parent",
      "one",
      "--auto-approve",
    ]);
    expect(child.stdout).toMatch(/^26-\d\d-\d\d-one\/part: spawned as PM2 worker one:part@[a-z0-9-]+$/m);
    const dirs = [
      ...folders.map((f) => project.sessionDir(f)),
      join(project.sessions, folders[0] ?? "", "workers/part"),
    ];
    const hooks = await Promise.all(dirs.map((dir) => project.waitForHook(dir, (h) => h.state === "done")));
    const worktrees = new Set(hooks.map((h) => h.worktree));
    expect(worktrees.size).toBe(4);
    expect(hooks.map((h) => h.branch).sort()).toEqual([
      "samocode/one",
      "samocode/one-part",
      "samocode/three",
      "samocode/two",
    ]);
    for (const hook of hooks) {
      expect(await git(hook.worktree ?? "", "log", "--format=%s", "-1")).toBe("add feature");
      expect(hook.worktree?.startsWith(project.worktrees)).toBe(true);
    }
    expect(await git(project.repo, "log", "--format=%s", "-1")).toBe("initial commit");
  });

  it("stop kills the provider's group and pauses; resume brings the worker back; the stop action; rm", async () => {
    const project = await supervisedProject({
      runs: [
        ["init", { grandchild: { seconds: 60 } }, { sleep: 60_000 }],
        ["init", signal({ status: "waiting", for: "human_action" })],
      ],
    });
    expect((await project.cli(["spawn", "long task", "--name", "long"])).exitCode).toBe(0);
    const dir = await project.waitForSession();
    const running = await project.waitForHook(dir, (h) => (h.attempt?.pgid ?? null) !== null);
    const pgid = running.attempt?.pgid ?? 0;
    expect(await groupRunning(pgid)).toBe(true);

    const stopped = await project.cli(["stop", "long"]);
    expect(stopped.exitCode, stopped.stderr).toBe(0);
    expect(stopped.stdout).toMatch(/its PM2 worker stopped; paused until: samocode resume/);
    expect(await groupRunning(pgid)).toBe(false);
    expect(await project.hook(dir)).toMatchObject({
      state: "paused",
      cause: "human",
      reason: "stopped by human",
    });
    const status = JSON.parse((await project.cli(["status", "--json"])).stdout);
    expect(status.rows).toMatchObject([{ state: "paused", cause: "human", reason: "stopped by human" }]);
    const app = (await pm2.jlist(project.env)).find((entry) => entry.name.startsWith("long@"))?.name ?? "";
    expect(workersOf(await pm2.jlist(project.env), app).map((e) => e.pm2_env.status)).toEqual(["stopped"]);

    const resumed = await project.cli(["resume", "long", "--message", "go on"]);
    expect(resumed.stdout).toMatch(new RegExp(`started its PM2 worker ${app}`));
    await project.waitForHook(dir, (h) => h.state === "waiting" && h.waitingFor === "human_action");

    // The PM2 action stops an idle worker at once, and pauses the session the way `samocode stop` does.
    const triggered = await pm2.pm2(["trigger", app, "stop-after-iteration"], { env: project.env, cwd: dir });
    expect(triggered.stdout).toMatch(/stops once the iteration in flight is applied/);
    const paused = await project.waitForHook(dir, (h) => h.state === "paused");
    expect(paused).toMatchObject({ cause: "human", reason: "stopped by human (pm2 action)" });
    await waitFor(async () =>
      (await workersOf(await pm2.jlist(project.env), app))[0]?.pid === 0 ? true : undefined,
    );

    const removed = await project.cli(["rm", "long", "--delete-branch"]);
    expect(removed.exitCode, removed.stderr).toBe(0);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(join(project.sessions, "_archive", running.session, "_hook.json"))).toBe(true);
    expect(existsSync(running.worktree ?? "")).toBe(false);
    expect(await git(project.repo, "branch", "--list", "samocode/long")).toBe("");
    expect(workersOf(await pm2.jlist(project.env), app)).toEqual([]);
  });

  it("status never starts a PM2 daemon and says there is none", async () => {
    const project = await makeProject({ script: toDone });
    const lonelyHome = join(project.root, "pm2-none");
    expect((await project.cli(["run", "--task", "x", "--name", "solo", "--no-wait"])).exitCode).toBe(10);
    const status = await project.cli(["status", "--json"], { PM2_HOME: lonelyHome });
    expect(JSON.parse(status.stdout)).toMatchObject({
      daemon: false,
      rows: [{ state: "waiting", pm2: "no daemon" }],
    });
    const table = await project.cli(["ls"], { PM2_HOME: lonelyHome });
    expect(table.stdout).toMatch(/solo.*planning.*waiting.*no daemon/);
    expect(existsSync(lonelyHome)).toBe(false);
  });
});
