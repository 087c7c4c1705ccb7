import { describe, expect, it } from "vitest";
import type { Convoy } from "./convoy-file.ts";
import { convoyProgress, landedKey, type MemberRead, stuckKey } from "./convoy-progress.ts";
import { makeHook } from "./fixtures.test-support.ts";

const CONVOY: Convoy = {
  id: "ship",
  createdAt: "2026-11-21T11:00:00.000Z",
  sessions: ["a", "b", "c"],
  announced: [],
};

const member = (session: string, overrides: Parameters<typeof makeHook>[0] = {}): MemberRead => ({
  session,
  hook: makeHook({ session, ...overrides }),
});

describe("convoy progress", () => {
  it("lands when every member is done, and names them", () => {
    const progress = convoyProgress(
      CONVOY,
      ["a", "b", "c"].map((s) => member(s, { state: "done" })),
    );
    expect(progress.verdict).toBe("landed");
    expect(progress.counts).toEqual({ done: 3 });
    expect(progress.outcomes).toEqual([
      { key: landedKey(["a", "b", "c"]), kind: "landed", sessions: ["a", "b", "c"] },
    ]);
    expect(landedKey(["a", "b", "c"])).not.toBe(landedKey(["a", "b", "c", "d"]));
  });

  it("is moving while one still runs or waits, with nothing to announce", () => {
    const progress = convoyProgress(CONVOY, [
      member("a", { state: "done" }),
      member("b", { state: "waiting", waitingFor: "qa_answers" }),
      member("c"),
    ]);
    expect(progress.verdict).toBe("moving");
    expect(progress.outcomes).toEqual([]);
    expect(progress.members[1]?.detail).toBe("waiting for qa_answers");
  });

  it("is stuck with one outcome per blocked or failed member", () => {
    const blocked = member("b", { state: "blocked", cause: "agent", reason: "needs a key" });
    const progress = convoyProgress(CONVOY, [
      member("a", { state: "done" }),
      blocked,
      member("c", { state: "failed", cause: "provider-failed", reason: "overloaded" }),
    ]);
    expect(progress.verdict).toBe("stuck");
    expect(progress.outcomes.map((o) => o.kind)).toEqual(["stuck", "stuck"]);
    expect(progress.members[1]?.detail).toBe("needs a key");
  });

  it("keys a stuck member by its episode: the same block keeps its key, a new one gets another", () => {
    const first = makeHook({ session: "b", state: "blocked", cause: "agent", reason: "x" });
    expect(stuckKey(first)).toBe(stuckKey({ ...first, epoch: first.epoch + 5 }));
    expect(stuckKey(first)).not.toBe(stuckKey({ ...first, nextAttempt: first.nextAttempt + 1 }));
    expect(stuckKey(first)).not.toBe(stuckKey({ ...first, reason: "y" }));
  });

  it("does not let a removed member hold up the landing, and never lands an empty convoy", () => {
    const progress = convoyProgress(CONVOY, [
      member("a", { state: "done" }),
      { session: "b", removed: true },
      member("c", { state: "done" }),
    ]);
    expect(progress.verdict).toBe("landed");
    expect(progress.outcomes).toEqual([{ key: landedKey(["a", "c"]), kind: "landed", sessions: ["a", "c"] }]);
    expect(convoyProgress({ ...CONVOY, sessions: [] }, []).verdict).toBe("empty");
    const unreadable = convoyProgress(CONVOY, [{ session: "a", unreadable: "bad json" }]);
    expect(unreadable.verdict).toBe("moving");
    expect(unreadable.members[0]).toMatchObject({ state: "unreadable", detail: "bad json" });
  });
});
