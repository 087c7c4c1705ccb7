// The PM2 app of one session's worker: its name, how an app is attributed to its project and session, and
// its definition.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { EXIT_CODES, type ProjectIdentity, parseSessionFolderName, sessionPaths } from "@samocode/core";
import type { Pm2App } from "./pm2-app.ts";
import type { AppDefinition } from "./pm2-client.ts";
import { withoutPm2Keys } from "./pm2-env.ts";

export const WORKER_NAMESPACE = "samocode";
/** The supervisor's PM2 app, as ecosystem.config.cjs names it: one per PM2 daemon, for every project. */
export const SUPERVISOR_APP = "samocode-supervisor";

/** The worker's built entry (`pnpm build`): PM2 runs JS, never the TypeScript sources. */
export const WORKER_SCRIPT = fileURLToPath(new URL("../../../apps/worker/dist/main.js", import.meta.url));

/**
 * V8 settings of a worker, which spends its life waiting on a provider or a human: memory beats peak speed.
 * A 1 MB young generation (V8 grows it to 16 MB per semi-space otherwise, and keeps it), and no optimizing
 * compilers (their code and the pages of the Node binary they touch stay resident; baseline code is plenty
 * for a loop that moves files). Measured: idle worker RSS in docs/benchmarks.md.
 */
export const WORKER_NODE_ARGS = ["--max-semi-space-size=1", "--disable-optimizing-compilers"] as const;

/**
 * Exit codes PM2 must not restart: the worker's own code for every settled state, and another loop holding
 * the lease. Not 0: PM2 7 reports a death by signal (SIGKILL, the OOM killer) as exit code 0
 * (`God.handleExit(clu, code || 0, …)`, lib/God.js:381), and a killed worker must come back.
 */
export const WORKER_STOP_EXIT_CODES = [EXIT_CODES.workerSettled, EXIT_CODES.leaseHeld] as const;
/** Room beyond SAMOCODE_KILL_GRACE for the worker to end its provider group and persist before PM2's SIGKILL. */
export const KILL_MARGIN_MS = 10_000;
/** PM2 calls a process that dies within this long of starting unstable; this many in a row → `errored`. */
export const MIN_UPTIME_MS = 5_000;
export const MAX_UNSTABLE_RESTARTS = 5;
/** First restart delay; PM2 grows it by 1.5× per crash up to 15 s and resets it after 30 s of uptime. */
export const RESTART_BACKOFF_MS = 200;

/**
 * `<session name>@<project>`: readable in `pm2 ls` and in the 15 characters of `pm2 monit`'s process column
 * (session name first), the folder's date left out, a child as `<parent>:<child>`. Unique across projects;
 * within one, spawn refuses a second unfinished session of the same name. PM2 treats a `/` in a name as a
 * regular expression and a `.json` at its end as a config file, so neither appears.
 */
export function workerAppName(projectId: string, sessionId: string): string {
  const [top = "", ...children] = sessionId.split("/");
  const name = parseSessionFolderName(top)?.name ?? top;
  return `${[name, ...children].join(":")}@${projectId}`;
}

/** The apps of one session of one project: attributed by the worker's arguments, never by name alone. */
export function appsOfSession(apps: readonly Pm2App[], project: string, sessionId: string): Pm2App[] {
  return apps.filter((app) => app.worker?.config === project && app.worker.session === sessionId);
}

/** PM2 writes the worker's stdout/stderr into the session's `_logs/`, so they travel with the folder. */
export function workerLogFiles(sessionDir: string): { out: string; err: string } {
  const paths = sessionPaths(sessionDir);
  return { out: paths.pm2Out, err: paths.pm2Err };
}

export type WorkerAppInput = {
  /** The project's id (for the name) and its `.samocode` (for the worker, and to attribute the app). */
  project: ProjectIdentity;
  sessionId: string;
  sessionDir: string;
  /** The session's worktree from its hook (null until the loop made it). */
  worktree: string | null;
  sessionsRoot: string;
  killGraceMs: number;
  /** The user's environment (provider settings, SAMOCODE_*, PATH); PM2's own keys are dropped. */
  env: Readonly<Record<string, string | undefined>>;
  /** The Node binary: PM2 would pick bun for a `.ts` script otherwise. */
  interpreter: string;
};

export function workerAppDefinition(input: WorkerAppInput): AppDefinition {
  const logs = workerLogFiles(input.sessionDir);
  return {
    name: workerAppName(input.project.id, input.sessionId),
    namespace: WORKER_NAMESPACE,
    script: WORKER_SCRIPT,
    interpreter: input.interpreter,
    node_args: [...WORKER_NODE_ARGS],
    args: ["--session", input.sessionId, "--config", input.project.config],
    cwd: input.worktree !== null && existsSync(input.worktree) ? input.worktree : input.sessionsRoot,
    // SAMOCODE_CONFIG names its project for anyone reading PM2's list, the supervisor among them.
    env: { ...withoutPm2Keys(input.env), SAMOCODE_CONFIG: input.project.config },
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
