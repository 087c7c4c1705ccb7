import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  KILL_MARGIN_MS,
  sessionIdOfApp,
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
  projectFile: "/project/.samocode",
  killGraceMs: 7_000,
  env: { PATH: "/bin", SAMOCODE_PROVIDER: "codex", UNSET: undefined },
  interpreter: "/opt/node/bin/node",
};

describe("worker app names", () => {
  it("encode a child id's / as : and decode back to the same id", () => {
    for (const id of ["26-11-21-auth", "26-11-21-lead/api", "26-11-21-a--b/c-1/d"]) {
      expect(sessionIdOfApp(workerAppName(id))).toBe(id);
    }
    expect(workerAppName("26-11-21-lead/api")).toBe("samocode:26-11-21-lead:api");
  });

  it("decode only samocode worker names", () => {
    for (const name of [
      "samocode-supervisor",
      "web",
      "samocode:",
      "samocode:a::b",
      "samocode:A",
      "samocode:x.json",
    ]) {
      expect(sessionIdOfApp(name)).toBeUndefined();
    }
  });
});

describe("workerAppDefinition", () => {
  it("runs the worker entry with the given Node, session and config, restarting crashes with backoff", () => {
    const app = workerAppDefinition(input);
    expect(app).toMatchObject({
      name: "samocode:26-11-21-lead:api",
      namespace: "samocode",
      script: WORKER_SCRIPT,
      interpreter: "/opt/node/bin/node",
      node_args: [...WORKER_NODE_ARGS],
      args: ["--session", "26-11-21-lead/api", "--config", "/project/.samocode"],
      cwd: "/sessions",
      autorestart: true,
      stop_exit_codes: [0, 3],
      kill_timeout: 7_000 + KILL_MARGIN_MS,
      treekill: false,
      env: { PATH: "/bin", SAMOCODE_PROVIDER: "codex" },
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
    });
  });
});
