// The PM2 app of one session's worker: its name (and the session id back from it), and its definition.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { sessionPaths } from "@samocode/core";
import type { AppDefinition } from "./pm2-client.ts";
import { withoutPm2Keys } from "./pm2-env.ts";

export const WORKER_NAMESPACE = "samocode";
/** The supervisor's PM2 app, as ecosystem.config.cjs names it. */
export const SUPERVISOR_APP = "samocode-supervisor";
const PREFIX = "samocode:";
const SEGMENT = /^[a-z0-9][a-z0-9-]*$/;

/** The worker's built entry (`pnpm build`): PM2 runs JS, never the TypeScript sources. */
export const WORKER_SCRIPT = fileURLToPath(new URL("../../../apps/worker/dist/main.js", import.meta.url));

/**
 * V8 settings of a worker, which spends its life waiting on a provider or a human: memory beats peak speed.
 * A 1 MB young generation (V8 grows it to 16 MB per semi-space otherwise, and keeps it), and no optimizing
 * compilers (their code and the pages of the Node binary they touch stay resident; baseline code is plenty
 * for a loop that moves files). Measured: idle worker RSS in docs/benchmarks.md.
 */
export const WORKER_NODE_ARGS = ["--max-semi-space-size=1", "--disable-optimizing-compilers"] as const;

/** Exit codes PM2 must not restart: 0 every settled state or a clean stop, 3 another loop holds the lease. */
export const WORKER_STOP_EXIT_CODES = [0, 3] as const;
/** Room beyond SAMOCODE_KILL_GRACE for the worker to end its provider group and persist before PM2's SIGKILL. */
export const KILL_MARGIN_MS = 10_000;
/** PM2 calls a process that dies within this long of starting unstable; this many in a row → `errored`. */
export const MIN_UPTIME_MS = 5_000;
export const MAX_UNSTABLE_RESTARTS = 5;
/** First restart delay; PM2 grows it by 1.5× per crash up to 15 s and resets it after 30 s of uptime. */
export const RESTART_BACKOFF_MS = 200;

/**
 * `samocode:<id>` with the `/` of a child id as `:` — session folder names never hold a `:`, so the mapping
 * is reversible, and a `/` (regex syntax in PM2's CLI) or a `.json`-like `.` (a config file to PM2) never
 * appears in a name.
 */
export function workerAppName(sessionId: string): string {
  return `${PREFIX}${sessionId.split("/").join(":")}`;
}

/** The session id of a worker app's name; undefined for any other name. */
export function sessionIdOfApp(name: string): string | undefined {
  if (!name.startsWith(PREFIX)) return undefined;
  const segments = name.slice(PREFIX.length).split(":");
  return segments.every((segment) => SEGMENT.test(segment)) ? segments.join("/") : undefined;
}

/** PM2 writes the worker's stdout/stderr into the session's `_logs/`, so they travel with the folder. */
export function workerLogFiles(sessionDir: string): { out: string; err: string } {
  const paths = sessionPaths(sessionDir);
  return { out: paths.pm2Out, err: paths.pm2Err };
}

export type WorkerAppInput = {
  sessionId: string;
  sessionDir: string;
  /** The session's worktree from its hook (null until the loop made it). */
  worktree: string | null;
  sessionsRoot: string;
  /** Absolute path of the `.samocode` the worker loads. */
  projectFile: string;
  killGraceMs: number;
  /** The user's environment (provider settings, SAMOCODE_*, PATH); PM2's own keys are dropped. */
  env: Readonly<Record<string, string | undefined>>;
  /** The Node binary: PM2 would pick bun for a `.ts` script otherwise. */
  interpreter: string;
};

export function workerAppDefinition(input: WorkerAppInput): AppDefinition {
  const logs = workerLogFiles(input.sessionDir);
  return {
    name: workerAppName(input.sessionId),
    namespace: WORKER_NAMESPACE,
    script: WORKER_SCRIPT,
    interpreter: input.interpreter,
    node_args: [...WORKER_NODE_ARGS],
    args: ["--session", input.sessionId, "--config", input.projectFile],
    cwd: input.worktree !== null && existsSync(input.worktree) ? input.worktree : input.sessionsRoot,
    env: withoutPm2Keys(input.env),
    autorestart: true,
    exp_backoff_restart_delay: RESTART_BACKOFF_MS,
    stop_exit_codes: [...WORKER_STOP_EXIT_CODES],
    min_uptime: MIN_UPTIME_MS,
    max_restarts: MAX_UNSTABLE_RESTARTS,
    kill_timeout: input.killGraceMs + KILL_MARGIN_MS,
    // The worker alone signals its provider's process group (and sweeps it); PM2 signals only the worker.
    treekill: false,
    // The worker brings its own @pm2/io with only its metrics; PM2's injected agent adds profiling, HTTP and
    // tracing hooks (and prints an OpenTelemetry error into every worker's log).
    pmx: false,
    // Without it PM2 appends `-<pm_id>` to the log names.
    merge_logs: true,
    out_file: logs.out,
    error_file: logs.err,
  };
}
