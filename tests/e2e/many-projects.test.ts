// Three projects of one user on one PM2 daemon, as people run samocode: two of them with a session of the
// same name. Every command acts on its own project only; the first spawn brings up the one supervisor; PM2
// alone brings back a killed worker; `pm2 save` / `pm2 kill` / `pm2 resurrect` bring every unfinished
// session back; and `pm2 start ecosystem.config.cjs` from anywhere serves the known projects. One daemon and
// one set of projects for every case, in order.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
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
import { makeTempDir, removeSharedTempDirs } from "../helpers/temp-dir.ts";
import { fullSession } from "./scripts.ts";

let pm2: Pm2Home;
let user: string;
let api: Project;
let web: Project;
let cli: Project;
/** web's `hello`, left waiting at its questions by the first case for the resurrect case. */
let helloOfWeb = "";

/** fullSession, with an implementation step slow enough to be killed in the middle of. */
function slowImplementation() {
  const script = fullSession();
  const implementation: unknown[][] = [
    [
      "init",
      { sleep: 2_000 },
      { write: { path: "{cwd}/auth.ts", text: "export const auth = true;\n" } },
      { commit: { message: "add auth" } },
      signal({ status: "continue", phase: "testing" }),
    ],
  ];
  return { phases: { ...script.phases, implementation } };
}

beforeAll(async () => {
  pm2 = await makePm2Home();
  user = await makeTempDir("samo-user-");
  const env = { PM2_HOME: pm2.home, HOME: user };
  api = await makeProject({ script: fullSession(), env, repoPrefix: "api-" });
  web = await makeProject({ script: fullSession(), env, repoPrefix: "web-" });
  cli = await makeProject({ script: slowImplementation(), env, repoPrefix: "cli-" });
}, 60_000);
afterAll(async () => {
  await pm2?.destroy();
  await removeSharedTempDirs();
});

async function jlist(): Promise<Pm2Entry[]> {
  return pm2.jlist(api.env);
}

/** The worker apps of one session of one project (by the worker's arguments: session and .samocode). */
async function workersOf(project: Project, session: string): Promise<Pm2Entry[]> {
  return (await jlist()).filter((entry) => {
    const args = entry.pm2_env.args ?? [];
    return args.includes(session) && (args[args.indexOf("--config") + 1] ?? "").startsWith(project.root);
  });
}

async function onlinePid(project: Project, session: string): Promise<number> {
  return waitFor(async () => {
    const [worker] = (await workersOf(project, session)).filter((e) => e.pm2_env.status === "online");
    return worker?.pid;
  });
}

async function spawn(project: Project, name: string, flags: string[] = [], env: Record<string, string> = {}) {
  const spawned = await project.cli(["spawn", "Add JWT auth", "--name", name, "--json", ...flags], env);
  expect(spawned.exitCode, spawned.stderr).toBe(0);
  const { session, app } = JSON.parse(spawned.stdout) as { session: string; app: string };
  return { session, app, dir: project.sessionDir(session), stderr: spawned.stderr };
}

async function supervisorLog(): Promise<string> {
  return readFile(join(api.stateDir, "supervisor.log"), "utf8").catch(() => "");
}

describe("many projects on one PM2 daemon", () => {
  it("every command acts on its own project; the first spawn starts the one supervisor", async () => {
    const a = await spawn(api, "hello");
    expect(a.stderr).toMatch(/started the samocode supervisor/);
    const b = await spawn(web, "hello");
    helloOfWeb = b.session;
    expect(b.stderr).not.toMatch(/supervisor/);
    const c = await spawn(cli, "other");
    expect(a.session).toBe(b.session);
    expect(a.app).not.toBe(b.app);
    expect([a.app, b.app, c.app].map((name) => name.split("@")[0])).toEqual(["hello", "hello", "other"]);
    for (const [project, s] of [
      [api, a],
      [web, b],
      [cli, c],
    ] as const)
      await project.waitForHook(s.dir, (h) => h.waitingFor === "qa_answers");
    expect((await jlist()).filter((e) => e.name === "samocode-supervisor")).toHaveLength(1);

    const status = JSON.parse((await api.cli(["status", "--json"])).stdout);
    expect(status.rows).toMatchObject([{ session: a.session, state: "waiting", pm2: "online" }]);

    const answered = await api.cli(["answer", "hello", "JWT", "httpOnly cookie"]);
    expect(answered.stdout).toMatch(/its loop \(worker, pid \d+\) picks it up/);
    await api.waitForHook(a.dir, (h) => h.waitingFor === "plan_approval");
    expect((await web.hook(b.dir)).waitingFor).toBe("qa_answers");
    expect(await readFile(join(b.dir, "_qa.md"), "utf8")).toMatch(/\*\*Answer:\*\* _waiting_/);
    expect((await web.cli(["answer", "hello", "opaque", "localStorage"])).exitCode).toBe(0);
    await web.waitForHook(b.dir, (h) => h.waitingFor === "plan_approval");

    const apiPid = await onlinePid(api, a.session);
    const webPid = await onlinePid(web, b.session);
    expect((await web.cli(["restart", "hello"])).exitCode).toBe(0);
    await waitFor(async () => ((await onlinePid(web, b.session)) !== webPid ? true : undefined));
    expect(await onlinePid(api, a.session)).toBe(apiPid);

    const planned = (await web.hook(b.dir)).phaseIterations.planning;
    expect((await web.cli(["stop", "hello"])).exitCode).toBe(0);
    expect(await web.hook(b.dir)).toMatchObject({
      state: "paused",
      cause: "human",
      waitingFor: "plan_approval",
    });
    expect(await onlinePid(api, a.session)).toBe(apiPid);
    const resumed = await web.cli(["resume", "hello"]);
    expect(resumed.stdout).toMatch(/waits at the plan_approval gate.*started its PM2 worker hello@web-/);
    // Stopped at the plan gate, a resume takes it back to that gate: no paid rerun of planning.
    const back = await web.waitForHook(b.dir, (h) => h.state === "waiting");
    expect(back).toMatchObject({ waitingFor: "plan_approval", phaseIterations: { planning: planned } });

    expect((await api.cli(["approve", "hello"])).exitCode).toBe(0);
    await api.waitForSettled(a.dir);
    expect((await web.hook(b.dir)).waitingFor).toBe("plan_approval");
    const merged = await api.cli(["merge", "hello"]);
    expect(merged.exitCode, merged.stderr).toBe(0);
    expect(await git(api.repo, "log", "--format=%s")).toMatch(/add auth/);
    expect(await git(web.repo, "log", "--format=%s")).not.toMatch(/add auth/);

    expect((await cli.cli(["rm", "other"])).exitCode).toBe(0);
    expect(await workersOf(cli, c.session)).toEqual([]);
    expect(await workersOf(web, b.session)).toHaveLength(1);

    // The supervisor SIGKILLed: PM2 brings it back, and it deletes or duplicates no app of anyone's.
    const before = (await jlist()).filter((e) => e.name !== "samocode-supervisor").map((e) => e.name);
    const [supervisor] = (await jlist()).filter((e) => e.name === "samocode-supervisor");
    process.kill(supervisor?.pid ?? 0, "SIGKILL");
    const passes = (await supervisorLog()).split("first reconcile pass done").length;
    await waitFor(async () =>
      (await supervisorLog()).split("first reconcile pass done").length > passes ? true : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const after = (await jlist()).filter((e) => e.name !== "samocode-supervisor").map((e) => e.name);
    expect(after.sort()).toEqual(before.sort());
    expect(new Set(after).size).toBe(after.length);
  }, 120_000);

  it("PM2 alone brings back a worker killed mid-iteration; the session finishes, nothing lost or repeated", async () => {
    expect((await api.cli(["supervisor", "stop"])).stdout).toMatch(/stopped the supervisor/);
    // Left in the user's hands, spawn does not bring the stopped supervisor back.
    const s = await spawn(cli, "sturdy", ["--auto-approve"], { SAMOCODE_SUPERVISOR: "manual" });
    const inFlight = await cli.waitForHook(
      s.dir,
      (h) => h.attempt?.phase === "implementation" && (h.attempt.pgid ?? null) !== null,
    );
    expect((await jlist()).find((e) => e.name === "samocode-supervisor")?.pm2_env.status).toBe("stopped");
    process.kill(await onlinePid(cli, s.session), "SIGKILL");
    const hook = await cli.waitForSettled(s.dir, 60_000);
    expect(hook).toMatchObject({ state: "done", phase: "done" });
    const history = await cli.history(s.dir);
    expect(history.map((row) => row.iteration)).toEqual(history.map((_, index) => index + 1));
    expect(history.every((row) => row.accepted)).toBe(true);
    const commits = await git(hook.worktree ?? "", "log", "--format=%s");
    expect(commits.split("\n").filter((subject) => subject === "add auth")).toHaveLength(1);
    const starts = (await readFile(join(s.dir, "_logs", "worker.log"), "utf8"))
      .split("\n")
      .filter((line) => line.includes('"loop started"'));
    expect(starts).toHaveLength(2);
    expect(await groupGone(inFlight.attempt?.pgid ?? 0)).toBe(true);
    // Nobody but PM2 could have done it: the supervisor is still stopped.
    expect((await jlist()).find((e) => e.name === "samocode-supervisor")?.pm2_env.status).toBe("stopped");
  }, 90_000);

  it("pm2 save, kill and resurrect bring back every unfinished session of every project", async () => {
    expect((await api.cli(["supervisor", "start"])).stdout).toMatch(/started the supervisor/);
    const unfinished = [
      { project: api, ...(await spawn(api, "again")) },
      { project: cli, ...(await spawn(cli, "third")) },
    ];
    for (const { project, dir } of unfinished)
      await project.waitForHook(dir, (h) => h.waitingFor === "qa_answers");
    // web's `hello`, stopped and resumed above, still waits at its plan gate.
    const hello = web.sessionDir(helloOfWeb);
    expect((await web.hook(hello)).waitingFor).toBe("plan_approval");
    for (const args of [["save"], ["kill"], ["resurrect"]]) {
      const done = await pm2.pm2(args, { env: api.env, cwd: user });
      expect(done.exitCode, `pm2 ${args[0]}: ${done.stderr}`).toBe(0);
    }
    for (const { project, session } of [...unfinished, { project: web, session: helloOfWeb }])
      await onlinePid(project, session);
    await waitFor(async () =>
      (await jlist()).some((e) => e.name === "samocode-supervisor" && e.pm2_env.status === "online")
        ? true
        : undefined,
    );
    // Each comes back where it was: answered, it goes on to its plan gate.
    for (const { project, dir, session } of unfinished) {
      expect((await project.cli(["answer", session, "JWT", "cookie"])).exitCode).toBe(0);
      await project.waitForHook(dir, (h) => h.waitingFor === "plan_approval");
    }
    expect((await web.cli(["approve", "hello"])).exitCode).toBe(0);
    expect((await web.waitForSettled(hello)).state).toBe("done");
  }, 120_000);

  it("pm2 start ecosystem.config.cjs from a folder with no .samocode serves the known projects, or idles", async () => {
    const { SAMOCODE_CONFIG, ...anywhere } = api.env;
    expect(SAMOCODE_CONFIG).toBeDefined();
    await pm2.pm2(["delete", "samocode-supervisor"], { env: anywhere, cwd: user });
    const started = Date.now();
    const served = await pm2.pm2(["start", ECOSYSTEM], { env: anywhere, cwd: user });
    expect(served.exitCode, served.stderr).toBe(0);
    const projects = await waitFor(async () => {
      const line = (await supervisorLog())
        .split("\n")
        .filter((entry) => entry.includes("first reconcile pass done"))
        .at(-1);
      const parsed =
        line === undefined ? undefined : (JSON.parse(line) as { projects: string[]; timestamp: string });
      return parsed !== undefined && Date.parse(parsed.timestamp) > started ? parsed.projects : undefined;
    }, 20_000).catch(async (error: unknown) => {
      throw new Error(`${String(error)}; the supervisor's log: ${(await supervisorLog()).slice(-3000)}`);
    });
    expect(projects.map((id) => id.split("-")[0]).sort()).toEqual(["api", "cli", "web"]);

    // A user with no project, and no worker on the daemon to learn one from.
    const nobody = await makeTempDir("samo-nobody-");
    await pm2.pm2(["delete", "all"], { env: anywhere, cwd: nobody });
    const idle = await pm2.pm2(["start", ECOSYSTEM], { env: { ...anywhere, HOME: nobody }, cwd: nobody });
    expect(idle.exitCode, idle.stderr).toBe(0);
    const log = join(nobody, ".local", "state", "samocode", "supervisor.log");
    await waitFor(async () =>
      (await readFile(log, "utf8").catch(() => "")).includes("no project known yet") ? true : undefined,
    );
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const [supervisor] = (await jlist()).filter((e) => e.name === "samocode-supervisor");
    expect(supervisor?.pm2_env).toMatchObject({ status: "online", restart_time: 0 });
    expect((await readFile(log, "utf8")).split("no project known yet")).toHaveLength(2);
  }, 60_000);
});

/** Whether no process of the group is left (zombies aside). */
async function groupGone(pgid: number): Promise<boolean> {
  return !(await groupRunning(pgid));
}
