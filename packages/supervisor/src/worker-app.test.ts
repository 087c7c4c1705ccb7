import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  appsOfSession,
  KILL_MARGIN_MS,
  WORKER_NODE_ARGS,
  WORKER_SCRIPT,
  workerAppDefinition,
  workerAppName,
} from "./worker-app.ts";

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "samo-worker-app-"));
  onTestFinished(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

const input = {
  sessionId: "26-11-21-lead/api",
  sessionDir: "/sessions/26-11-21-lead/workers/api",
  worktree: null,
  sessionsRoot: "/sessions",
  project: { id: "api", config: "/project/.samocode" },
  killGraceMs: 7_000,
  env: { PATH: "/bin", SAMOCODE_PROVIDER: "codex", UNSET: undefined },
  interpreter: "/opt/node/bin/node",
};

describe("worker app names", () => {
  it("put the session name first and the project after it, the folder's date left out", () => {
    expect(workerAppName("api", "26-11-21-auth")).toBe("auth@api");
    expect(workerAppName("api", "26-11-21-lead/api")).toBe("lead:api@api");
    expect(workerAppName("web-2", "26-11-21-a--b/c-1/d")).toBe("a--b:c-1:d@web-2");
    // Two projects never share a name; pm2 monit shows the first 15 characters, the session's name first.
    expect(workerAppName("api", "26-11-21-hello")).not.toBe(workerAppName("web", "26-11-21-hello"));
    expect(workerAppName("api", "26-11-21-hello").slice(0, 15)).toBe("hello@api");
  });

  it("attribute apps to a session of a project by their arguments, never by name alone", () => {
    const app = (session: string, config: string, name = "auth@api") =>
      ({ name, worker: { session, config } }) as unknown as Parameters<typeof appsOfSession>[0][number];
    const mine = app("26-11-21-auth", "/project/.samocode");
    const apps = [
      mine,
      app("26-11-21-auth", "/other/.samocode"),
      app("26-11-20-auth", "/project/.samocode"),
      { ...mine, worker: undefined },
    ];
    expect(appsOfSession(apps, "/project/.samocode", "26-11-21-auth")).toEqual([mine]);
  });
});

describe("workerAppDefinition", () => {
  it("runs the worker entry with the given Node, session and config, restarting crashes with backoff", () => {
    const app = workerAppDefinition(input);
    expect(app).toMatchObject({
      name: "lead:api@api",
      namespace: "samocode",
      script: WORKER_SCRIPT,
      interpreter: "/opt/node/bin/node",
      node_args: [...WORKER_NODE_ARGS],
      args: ["--session", "26-11-21-lead/api", "--config", "/project/.samocode"],
      cwd: "/sessions",
      autorestart: true,
      stop_exit_codes: [64, 3],
      kill_timeout: 7_000 + KILL_MARGIN_MS,
      treekill: false,
      env: { PATH: "/bin", SAMOCODE_PROVIDER: "codex", SAMOCODE_CONFIG: "/project/.samocode" },
    });
    expect(app.exp_backoff_restart_delay).toBeGreaterThan(0);
    expect(app.min_uptime).toBeGreaterThan(0);
    expect(app.max_restarts).toBeGreaterThan(0);
    expect(WORKER_SCRIPT).toMatch(/apps\/worker\/dist\/main\.js$/);
  });

  it("logs into the session's _logs and runs in the worktree once it exists", async () => {
    const dir = await tempDir();
    const worktree = join(dir, "wt");
    await mkdir(worktree);
    const app = workerAppDefinition({ ...input, sessionDir: join(dir, "s"), worktree });
    expect(app.cwd).toBe(worktree);
    expect(app.out_file).toBe(join(dir, "s", "_logs", "pm2-out.log"));
    expect(app.error_file).toBe(join(dir, "s", "_logs", "pm2-err.log"));
    const gone = workerAppDefinition({ ...input, worktree: join(dir, "missing") });
    expect(gone.cwd).toBe("/sessions");
  });

  it("does not pass on the keys PM2 put into the env of a process it runs", () => {
    const env = { ...input.env, pm_id: "4", name: "samocode:x", kill_timeout: "1600", PM2_HOME: "/p" };
    expect(workerAppDefinition({ ...input, env }).env).toEqual({
      PATH: "/bin",
      SAMOCODE_PROVIDER: "codex",
      PM2_HOME: "/p",
      SAMOCODE_CONFIG: "/project/.samocode",
    });
  });
});
