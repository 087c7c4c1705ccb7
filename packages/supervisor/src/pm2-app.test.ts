import { describe, expect, it } from "vitest";
import { isLive, parsePm2App } from "./pm2-app.ts";

// Trimmed from a real `pm2 jlist` entry (PM2 7.0.4).
function description(env: Record<string, unknown> = {}) {
  return {
    pid: 14097,
    name: "samocode:26-11-21-demo",
    pm_id: 0,
    monit: { memory: 1234, cpu: 0.1 },
    pm2_env: {
      namespace: "samocode",
      status: "online",
      restart_time: 2,
      pm_uptime: 1_700_000_000_000,
      stop_exit_codes: [0, 3],
      axm_monitor: { phase: { historic: true, value: "planning" }, iteration: { value: 3 } },
      ...env,
    },
  };
}

describe("parsePm2App", () => {
  it("reads the fields samocode uses, metrics by name", () => {
    expect(parsePm2App(description())).toEqual({
      name: "samocode:26-11-21-demo",
      pmId: 0,
      namespace: "samocode",
      pid: 14097,
      status: "online",
      restarts: 2,
      exitCode: undefined,
      startedAt: 1_700_000_000_000,
      memoryBytes: 1234,
      metrics: { phase: "planning", iteration: 3 },
    });
  });

  it("calls a worker that exited with a stop code stopped, though PM2 shows 'waiting restart'", () => {
    const settled = parsePm2App(description({ status: "waiting restart", exit_code: 0 }));
    const crashed = parsePm2App(description({ status: "waiting restart", exit_code: 1 }));
    expect(settled?.status).toBe("stopped");
    expect(crashed?.status).toBe("waiting restart");
    expect(crashed && isLive(crashed)).toBe(true);
    expect(settled && isLive(settled)).toBe(false);
  });

  it("calls a worker PM2 gave up on errored, though its backoff left it 'waiting restart' for ever", () => {
    const gaveUp = parsePm2App(description({ status: "waiting restart", exit_code: 2, created_at: null }));
    const backingOff = parsePm2App(
      description({ status: "waiting restart", exit_code: 2, created_at: 1_700_000_000_000 }),
    );
    expect(gaveUp?.status).toBe("errored");
    expect(gaveUp && isLive(gaveUp)).toBe(false);
    expect(backingOff?.status).toBe("waiting restart");
  });

  it("tolerates odd fields and rejects what is not a process at all", () => {
    expect(parsePm2App(description({ status: "weird", restart_time: "x", axm_monitor: 5 }))).toMatchObject({
      status: "unknown",
      restarts: 0,
      metrics: {},
    });
    expect(parsePm2App({ name: 1 })).toBeUndefined();
    expect(parsePm2App(null)).toBeUndefined();
  });
});
