// What a worker shows in `pm2 monit` / `pm2 show` / `pm2 jlist`: @pm2/io metrics read from `_hook.json`
// every 2 s (derived, never tracked), and actions a human can trigger with `pm2 trigger <app> <action>`.
import io from "@pm2/io";
import { readHook } from "@samocode/core/loop";
import { summarize } from "@samocode/supervisor/session-summary";

const REFRESH_MS = 2_000;

export const WORKER_ACTIONS = { approve: "approve", stopAfterIteration: "stop-after-iteration" } as const;

type Reply = (data: { ok: boolean; message: string }) => void;

export type WorkerProbes = { close: () => void };

/** `onStopAfterIteration` is called by the action of that name; the probes never touch the loop directly. */
export function publishWorkerProbes(
  session: { id: string; dir: string; sessionsRoot: string },
  onStopAfterIteration: () => string,
): WorkerProbes {
  const { dir: sessionDir, id: sessionId, sessionsRoot } = session;
  // PM2's own agent defaults catch exceptions (an unhandled rejection would then leave a hung "online"
  // process) and add runtime probes and profiling; the worker wants only its own metrics.
  io.init({
    catchExceptions: false,
    profiling: false,
    metrics: { v8: false, runtime: false, http: false, network: false, eventLoop: false },
  });
  const gauges = {
    phase: io.metric({ name: "phase" }),
    iteration: io.metric({ name: "iteration" }),
    state: io.metric({ name: "state" }),
    costUsd: io.metric({ name: "cost USD" }),
    tokens: io.metric({ name: "tokens" }),
    idleSeconds: io.metric({ name: "idle seconds" }),
  };
  const refresh = async () => {
    const read = await readHook(sessionDir);
    if (!read.ok) return gauges.state.set(`unreadable hook: ${read.reason}`);
    const summary = summarize(read.hook, new Date());
    gauges.phase.set(summary.phase);
    gauges.iteration.set(summary.iteration);
    gauges.state.set(summary.detail === "" ? summary.state : `${summary.state} (${summary.detail})`);
    gauges.costUsd.set(Math.round(summary.costUsd * 10_000) / 10_000);
    gauges.tokens.set(summary.tokens);
    gauges.idleSeconds.set(summary.idleSeconds);
  };
  const tick = () => {
    refresh().catch((error: unknown) => gauges.state.set(`cannot read the hook: ${String(error)}`));
  };
  tick();
  const timer = setInterval(tick, REFRESH_MS);
  timer.unref();
  io.action(WORKER_ACTIONS.approve, (reply: Reply) => {
    approve(sessionsRoot, sessionId).then(reply, (error: unknown) =>
      reply({ ok: false, message: String(error) }),
    );
  });
  io.action(WORKER_ACTIONS.stopAfterIteration, (reply: Reply) => {
    reply({ ok: true, message: onStopAfterIteration() });
  });
  return {
    close: () => {
      clearInterval(timer);
      io.destroy();
    },
  };
}

/** The same approve as `samocode approve` and Telegram's; this worker's loop is the one that applies it. */
async function approve(sessionsRoot: string, sessionId: string): Promise<{ ok: boolean; message: string }> {
  // Loaded when asked: the human actions are not part of an idle worker's memory.
  const { decidePlan } = await import("@samocode/core/human");
  const result = await decidePlan(
    { sessionsRoot, from: "pm2 action", killGraceMs: 0, control: NO_PM2_FROM_A_WORKER },
    sessionId,
    "approve",
  );
  return result.ok ? { ok: true, message: result.message } : { ok: false, message: result.reason };
}

/** The worker itself holds the session's lease, so the approve never needs to reach another loop. */
const NO_PM2_FROM_A_WORKER = {
  startWorker: () => Promise.reject(new Error("a worker does not start workers")),
  stopWorkers: async () => false,
};
