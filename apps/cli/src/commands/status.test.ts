import type { StatusView } from "@samocode/supervisor";
import { describe, expect, it } from "vitest";
import { renderStatusTable } from "./status.ts";

const view: StatusView = {
  daemon: true,
  rows: [
    {
      session: "26-11-21-auth",
      dir: "/s/26-11-21-auth",
      worktree: "/w/26-11-21-auth",
      plan: "/s/26-11-21-auth/11-21-0910-plan-auth.md",
      waitingFor: "plan_approval",
      loop: "live",
      phase: "planning",
      iteration: 3,
      state: "waiting",
      cause: null,
      reason: null,
      detail: "for plan_approval",
      costUsd: 1.234,
      tokens: 15_400,
      idleSeconds: 4_000,
      branch: "samocode/auth",
      pm2: "online",
      restarts: 2,
    },
    {
      session: "26-11-21-auth/api",
      dir: "/s/26-11-21-auth/workers/api",
      state: "unreadable",
      detail: "_hook.json is not valid JSON",
      pm2: "none",
    },
  ],
};

describe("renderStatusTable", () => {
  it("shows one row per session with readable cost, tokens and idle time, plain text for pipes", () => {
    const lines = renderStatusTable(view).split("\n");
    expect(lines[1]).toMatch(
      /session.*phase.*iter.*state.*waiting for \/ reason.*pm2.*cost.*tokens.*idle.*branch/,
    );
    const auth = lines.find((line) => line.includes("26-11-21-auth "));
    expect(auth).toMatch(
      /planning.*3.*waiting.*for plan_approval.*online.*2.*\$1\.23.*15\.4k.*66m.*samocode\/auth/,
    );
    expect(lines.find((line) => line.includes("auth/api"))).toMatch(/unreadable.*not valid JSON.*none/);
    expect(renderStatusTable(view).includes("\u001b[")).toBe(false);
  });
});
