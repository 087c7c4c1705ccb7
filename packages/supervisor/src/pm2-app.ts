// One PM2 process as samocode reads it from `pm2.list()`, validated at the edge (PM2's own types are loose).
import { z } from "zod";

/** PM2's process states (pm2/constants.js). */
export const PM2_STATUSES = [
  "online",
  "launching",
  "waiting restart",
  "one-launch-status",
  "stopping",
  "stopped",
  "errored",
] as const;
export type Pm2Status = (typeof PM2_STATUSES)[number];

/** A process PM2 is running, starting or about to restart: it counts as the session's worker. */
const LIVE: ReadonlySet<string> = new Set(["online", "launching", "waiting restart", "stopping"]);

export type Pm2App = {
  name: string;
  pmId: number;
  namespace: string;
  pid: number;
  status: Pm2Status | "unknown";
  /** PM2's restart counter (crash restarts and `pm2 restart` alike). */
  restarts: number;
  exitCode: number | undefined;
  /** When the current (or last) process started, ms since the epoch. */
  startedAt: number | undefined;
  memoryBytes: number | undefined;
  /** `@pm2/io` metrics the process published, by name. */
  metrics: Record<string, unknown>;
  /** A samocode worker's session and the `.samocode` it runs with, from its arguments: how an app is
   * attributed to a project and a session (a name alone could be anyone's). Undefined for other apps. */
  worker: { session: string; config: string } | undefined;
};

const number = z.number().optional().catch(undefined);

const DescriptionSchema = z.object({
  name: z.string(),
  pid: number,
  pm_id: z.number(),
  monit: z.object({ memory: number }).optional().catch(undefined),
  pm2_env: z.looseObject({
    namespace: z.string().optional().catch(undefined),
    status: z.string().optional().catch(undefined),
    restart_time: number,
    exit_code: number,
    stop_exit_codes: z.array(z.coerce.number()).optional().catch(undefined),
    pm_uptime: number,
    created_at: z.number().nullable().optional().catch(undefined),
    args: z.array(z.string()).optional().catch(undefined),
    axm_monitor: z
      .record(z.string(), z.looseObject({ value: z.unknown() }))
      .optional()
      .catch(undefined),
  }),
});

export function parsePm2App(description: unknown): Pm2App | undefined {
  const parsed = DescriptionSchema.safeParse(description);
  if (!parsed.success) return undefined;
  const { name, pid, pm_id: pmId, monit, pm2_env: env } = parsed.data;
  const status = PM2_STATUSES.find((known) => known === env.status) ?? "unknown";
  // With a restart delay PM2 shows "waiting restart" even after an exit it will not restart (a stop code).
  const settled =
    status === "waiting restart" &&
    env.exit_code !== undefined &&
    env.stop_exit_codes?.includes(env.exit_code);
  // And after it gave up on too many unstable restarts (pm2 7.0.4 God.handleExit): the backoff overwrites
  // "errored", no restart is scheduled, and only the reset `created_at` (null) tells.
  const gaveUp = status === "waiting restart" && env.created_at === null;
  return {
    name,
    pmId,
    namespace: env.namespace ?? "default",
    pid: pid ?? 0,
    status: settled ? "stopped" : gaveUp ? "errored" : status,
    restarts: env.restart_time ?? 0,
    exitCode: env.exit_code,
    startedAt: env.pm_uptime,
    memoryBytes: monit?.memory,
    worker: workerArgs(env.args),
    metrics: Object.fromEntries(
      Object.entries(env.axm_monitor ?? {}).map(([key, probe]) => [
        key,
        (probe as { value?: unknown }).value,
      ]),
    ),
  };
}

/** `--session <id> --config <path>`, as the worker's app definition passes them (worker-app.ts). */
function workerArgs(args: readonly string[] | undefined): Pm2App["worker"] {
  const value = (flag: string) => {
    const at = args?.indexOf(flag) ?? -1;
    return at >= 0 ? args?.[at + 1] : undefined;
  };
  const session = value("--session");
  const config = value("--config");
  return session !== undefined && config !== undefined ? { session, config } : undefined;
}

export function isLive(app: Pm2App): boolean {
  return LIVE.has(app.status);
}
