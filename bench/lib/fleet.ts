// Many sessions of one benchmark project: spawned under PM2 a few at a time (each with its own environment
// when asked), their states read from their hooks, and how many provider runs overlapped.
import { execFile } from "node:child_process";
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { type BenchProject, CLI } from "./bench-project.ts";
import type { ProviderRun } from "./provider-timing.ts";
import { nowMs } from "./stats.ts";
import { waitUntil } from "./wait.ts";

const run = promisify(execFile);

export type Spawned = { name: string; dir: string; startMs: number; endMs: number };
export type SpawnRequest = { name: string; args: string[]; env?: Record<string, string> };

/** `samocode spawn --json --name <name> <args…>`, with `env` laid over the project's. */
export async function spawnOne(project: BenchProject, request: SpawnRequest): Promise<Spawned> {
  const startMs = nowMs();
  const argv = [CLI, "spawn", "--json", "--name", request.name, ...request.args];
  const out = await run(process.execPath, argv, {
    cwd: project.root,
    env: { ...project.env, ...request.env },
    timeout: 120_000,
  }).catch((error: unknown) => {
    const stderr = typeof error === "object" && error !== null && "stderr" in error ? error.stderr : "";
    throw new Error(`samocode spawn ${request.name} failed: ${String(stderr).trim() || String(error)}`);
  });
  const session = (JSON.parse(out.stdout) as { session: string }).session;
  return { name: request.name, dir: join(project.sessions, session), startMs, endMs: nowMs() };
}

/** Spawns every request, at most `parallel` commands at a time, in the order given. */
export async function spawnMany(
  project: BenchProject,
  requests: readonly SpawnRequest[],
  parallel: number,
): Promise<Spawned[]> {
  const out: Spawned[] = [];
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < requests.length; i = next++) {
      const request = requests[i];
      if (request !== undefined) out[i] = await spawnOne(project, request);
    }
  };
  await Promise.all(Array.from({ length: parallel }, lane));
  return out;
}

export type SessionState = {
  state: string;
  /** blockedReason or waitingFor, when there is one. */
  detail: string | null;
  /** When `_hook.json` was last written (ms since the epoch). */
  hookMtimeMs: number;
};

export async function sessionState(project: BenchProject, dir: string): Promise<SessionState | undefined> {
  const [hook, file] = await Promise.all([
    project.hook(dir),
    stat(join(dir, "_hook.json")).catch(() => undefined),
  ]);
  if (hook === undefined || file === undefined) return undefined;
  const detail = hook.blockedReason ?? hook.waitingFor ?? null;
  return {
    state: String(hook.state),
    detail: detail === null ? null : String(detail),
    hookMtimeMs: file.mtimeMs,
  };
}

/** The most provider runs in flight at one moment, from the wrapper's start and exit times. */
export function peakOverlap(runs: readonly ProviderRun[]): number {
  const edges = runs.flatMap((r) => [
    { at: r.startMs, delta: 1 },
    { at: r.endMs ?? Number.POSITIVE_INFINITY, delta: -1 },
  ]);
  // An exit and a start at the same instant do not overlap.
  edges.sort((a, b) => a.at - b.at || a.delta - b.delta);
  let live = 0;
  let peak = 0;
  for (const edge of edges) {
    live += edge.delta;
    peak = Math.max(peak, live);
  }
  return peak;
}

/** Waits for a session's hook to reach `state`; on timeout the error names the state it was left in. */
export async function waitForState(
  project: BenchProject,
  session: Spawned,
  state: string,
  timeoutMs: number,
): Promise<void> {
  let last: SessionState | undefined;
  await waitUntil(
    `${session.name} ${state}`,
    async () => {
      last = (await sessionState(project, session.dir)) ?? last;
      return last?.state === state ? true : undefined;
    },
    timeoutMs,
  ).catch((error: unknown) => {
    const seen = last === undefined ? "no hook" : `${last.state}${last.detail ? ` (${last.detail})` : ""}`;
    throw new Error(`${session.name} never became ${state}; last seen ${seen}`, { cause: error });
  });
}
