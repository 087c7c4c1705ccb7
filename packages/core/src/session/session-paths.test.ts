import { describe, expect, it } from "vitest";
import {
  artifactName,
  attemptLogName,
  checkoutSnapshotPath,
  claimedDecisionPath,
  sessionPaths,
  sessionsRootPaths,
} from "./session-paths.ts";

describe("sessionPaths", () => {
  it("names every file of a session folder", () => {
    expect(sessionPaths("/s/26-11-21-auth")).toEqual({
      dir: "/s/26-11-21-auth",
      hook: "/s/26-11-21-auth/_hook.json",
      overview: "/s/26-11-21-auth/_overview.md",
      signal: "/s/26-11-21-auth/_signal.json",
      signalHistory: "/s/26-11-21-auth/_signal_history.jsonl",
      qa: "/s/26-11-21-auth/_qa.md",
      inbox: "/s/26-11-21-auth/_inbox",
      inboxDelivered: "/s/26-11-21-auth/_inbox/delivered",
      handoff: "/s/26-11-21-auth/_handoff.json",
      lease: "/s/26-11-21-auth/_lease.json",
      decision: "/s/26-11-21-auth/_decision.json",
      stall: "/s/26-11-21-auth/_stall.json",
      logs: "/s/26-11-21-auth/_logs",
      workerLog: "/s/26-11-21-auth/_logs/worker.log",
      pm2Out: "/s/26-11-21-auth/_logs/pm2-out.log",
      pm2Err: "/s/26-11-21-auth/_logs/pm2-err.log",
      attemptGroup: "/s/26-11-21-auth/_logs/attempt.pgid",
      externalCosts: "/s/26-11-21-auth/_external_costs.jsonl",
      agentEnv: "/s/26-11-21-auth/_agent_env.json",
      workers: "/s/26-11-21-auth/workers",
      spaceReserve: "/s/26-11-21-auth/_logs/space.reserve",
    });
    expect(checkoutSnapshotPath("/s/a", 3)).toBe("/s/a/_logs/attempt-3.checkout.json");
    expect(claimedDecisionPath("/s/a", 17, 42)).toBe("/s/a/_logs/decision-17-42.json");
  });

  it("names samocode's own folders beside the sessions", () => {
    expect(sessionsRootPaths("/s")).toEqual({
      supervisor: "/s/_supervisor",
      convoys: "/s/_convoys",
      archive: "/s/_archive",
    });
  });
});

describe("attemptLogName", () => {
  it("pads the iteration to four digits and keeps larger ones whole", () => {
    expect(attemptLogName(7, "investigation", 1)).toBe("iter-0007-investigation-a1.jsonl");
    expect(attemptLogName(12345, "done", 31)).toBe("iter-12345-done-a31.jsonl");
  });

  it("throws on counts that can only come from a bug", () => {
    expect(() => attemptLogName(1.5, "testing", 1)).toThrow(/iteration must be an integer/);
    expect(() => attemptLogName(1, "testing", 0)).toThrow(/attempt must be an integer >= 1/);
  });
});

describe("artifactName", () => {
  const at = new Date(2026, 10, 21, 9, 5);

  it("stamps MM-DD-HHMM in local time, without a colon", () => {
    const name = artifactName("plan", "OAuth login flow", at);
    expect(name).toBe("11-21-0905-plan-oauth-login-flow.md");
    expect(name).not.toContain(":");
  });

  it("cleans and shortens the slug, and drops it when nothing is left", () => {
    expect(artifactName("dive", "../../etc/passwd: x", at)).toBe("11-21-0905-dive-etc-passwd-x.md");
    expect(artifactName("summary", "   !!! ", at)).toBe("11-21-0905-summary.md");
    const long = artifactName("test-report", "word ".repeat(30), at);
    expect(long.length).toBeLessThanOrEqual("11-21-0905-test-report-".length + 40 + ".md".length);
    expect(long).toMatch(/^11-21-0905-test-report-word(-word)*\.md$/);
  });
});
