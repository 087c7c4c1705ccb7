import { describe, expect, it } from "vitest";
import { createCrashWindow } from "./crash-window.ts";

const MINUTE = 60_000;
const app = (pmId: number, restarts: number) => ({ name: "samocode:s", pmId, restarts });

describe("createCrashWindow", () => {
  it("counts PM2's restarts after the first sight, and the supervisor's own, within the window", () => {
    const window = createCrashWindow({ restarts: 3, windowMs: 10 * MINUTE });
    window.observe([app(1, 40)], 0);
    expect(window.crashLoop("samocode:s", 0)).toBeUndefined();
    window.observe([app(1, 42)], MINUTE);
    expect(window.crashLoop("samocode:s", MINUTE)).toBeUndefined();
    window.noteRestart("samocode:s", 2 * MINUTE);
    expect(window.crashLoop("samocode:s", 2 * MINUTE)).toBe("samocode:s restarted 3 times within 10 minutes");
  });

  it("forgets restarts older than the window and after a reset", () => {
    const window = createCrashWindow({ restarts: 2, windowMs: 10 * MINUTE });
    window.observe([app(1, 0)], 0);
    window.observe([app(1, 2)], MINUTE);
    expect(window.crashLoop("samocode:s", MINUTE)).toBeDefined();
    expect(window.crashLoop("samocode:s", 12 * MINUTE)).toBeUndefined();
    window.observe([app(1, 4)], 13 * MINUTE);
    window.forget("samocode:s");
    expect(window.crashLoop("samocode:s", 13 * MINUTE)).toBeUndefined();
  });

  it("does not count a counter PM2 reset, or a new app's first counter, as restarts", () => {
    const window = createCrashWindow({ restarts: 1, windowMs: 10 * MINUTE });
    window.observe([app(1, 5)], 0);
    window.observe([app(1, 0)], MINUTE);
    window.observe([app(2, 9)], 2 * MINUTE);
    expect(window.crashLoop("samocode:s", 2 * MINUTE)).toBeUndefined();
  });
});
