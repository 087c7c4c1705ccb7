import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { leaveDecision, leaveDecisionIfNone, readDecision } from "./decision-file.ts";

describe("leaving a decision only where none waits", () => {
  it("writes when there is none, and never replaces one that is there", async () => {
    const dir = await makeTempDir();
    expect(await leaveDecisionIfNone(dir, { action: "resume", from: "supervisor" })).toBe(true);
    expect(await readDecision(dir)).toMatchObject({ kind: "ok", decision: { from: "supervisor" } });
    await leaveDecision(dir, { action: "resume", from: "cli", feedback: "use the staging db" });
    expect(await leaveDecisionIfNone(dir, { action: "resume", from: "supervisor" })).toBe(false);
    expect(await readDecision(dir)).toMatchObject({
      kind: "ok",
      decision: { from: "cli", feedback: "use the staging db" },
    });
  });
});
