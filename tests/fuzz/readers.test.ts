// Issue 13: every reader of a file an agent or a human can write returns a result for any input at all —
// any bytes, size, nesting depth, encoding or file type — never throws, never hangs, and never writes
// outside the session folder. Property-based (fast-check): a failure prints the seed and path that replay it
// (SAMOCODE_FUZZ_SEED, SAMOCODE_FUZZ_RUNS).
import { hostname } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readProjectFile } from "../../packages/core/src/config/project-file.ts";
import { readProjects } from "../../packages/core/src/config/project-registry.ts";
import { readEnvFile } from "../../packages/core/src/config/runtime-env.ts";
import { userDirs } from "../../packages/core/src/config/user-dirs.ts";
import { claimDecision, readDecision } from "../../packages/core/src/gates/decision-file.ts";
import { acquireLease, inspectLease } from "../../packages/core/src/loop/lease.ts";
import { readHandoff } from "../../packages/core/src/session/handoff-file.ts";
import { makeHook } from "../../packages/core/src/session/hook.test-support.ts";
import { readHook } from "../../packages/core/src/session/hook-file.ts";
import { listPending } from "../../packages/core/src/session/inbox.ts";
import { readQa, setAnswers } from "../../packages/core/src/session/qa-file.ts";
import { sessionPaths } from "../../packages/core/src/session/session-paths.ts";
import { readSignal } from "../../packages/core/src/signals/signal-file.ts";
import { listConvoys, readConvoy } from "../../packages/supervisor/src/convoy-file.ts";
import { makeTempDir } from "../helpers/temp-dir.ts";
import { arena, FUZZ, jsonPlant, type Planted, plant, textPlant, within } from "./plant.ts";

const AT = "2026-11-21T11:00:00.000Z";
const MESSAGE_ID = "20261121T110000000Z-000-0a1b2c3d";

/** One reader against arbitrary content at `file` (relative to the session folder), `check`ed each time. */
async function fuzz(
  file: string,
  content: fc.Arbitrary<Planted>,
  read: (session: string, root: string) => Promise<unknown>,
): Promise<void> {
  const base = await makeTempDir("samo-fuzz-");
  let run = 0;
  await fc.assert(
    fc.asyncProperty(content, async (planted) => {
      const place = await arena(base, run++);
      await plant(join(place.session, file), planted, place.target);
      await within(`reading ${file} (${planted.kind})`, () =>
        read(place.session, join(place.root, "sessions")),
      );
      expect(await place.untouchedOutside()).toBe(true);
    }),
    FUZZ,
  );
}

describe("readers of files an agent or a human can write, on arbitrary input", () => {
  it("_signal.json", async () => {
    const kinds = ["missing", "empty", "refused", "invalid-json", "invalid", "ok"];
    await fuzz(
      "_signal.json",
      jsonPlant(
        { status: "continue", phase: "requirements", summary: "dived" },
        { status: "blocked", reason: "r", needs: "human_decision" },
        { status: "handoff", reason: "r", state: { a: [1, { b: 2 }] } },
      ),
      async (session) => expect(kinds).toContain((await readSignal(session)).kind),
    );
  });

  it("_qa.md, read and answered (a symlink is replaced, never written through)", async () => {
    const lines = fc.oneof(
      fc.nat({ max: 5 }).map((n) => `### Q${n}: question ${n}?`),
      fc.constantFrom(
        "**Answer:** _waiting_",
        "**Answer:** yes",
        "- a) one",
        "**Suggestion:** s",
        "",
        "## Other",
      ),
      fc.string({ maxLength: 40 }),
    );
    await fuzz("_qa.md", textPlant(lines), async (session) => {
      const read = await readQa(session);
      expect(typeof read.ok).toBe("boolean");
      const answered = await setAnswers(session, [{ number: 1, text: "Postgres" }]);
      expect(typeof answered.ok).toBe("boolean");
    });
  });

  it("_inbox/*.json", async () => {
    const message = { id: MESSAGE_ID, from: "human", to: "26-11-21-fuzz", body: "hi", sentAt: AT };
    await fuzz(`_inbox/${MESSAGE_ID}.json`, jsonPlant(message), async (session) => {
      const pending = await listPending(session);
      expect(pending.messages.length + pending.malformed.length).toBeLessThanOrEqual(1);
    });
  });

  it("_inbox itself", async () => {
    await fuzz("_inbox", jsonPlant({ note: "not a folder" }), async (session) => {
      expect(await listPending(session)).toEqual({ messages: [], malformed: [] });
    });
  });

  it("_decision.json, read and claimed into _logs/", async () => {
    const decision = { action: "resume", from: "human", at: AT, feedback: "go" };
    await fuzz("_decision.json", jsonPlant(decision), async (session) => {
      expect(["none", "ok", "invalid"]).toContain((await readDecision(session)).kind);
      expect(["none", "ok", "invalid"]).toContain((await claimDecision(session)).read.kind);
    });
  });

  it("_decision.json claimed while _logs is anything at all", async () => {
    await fuzz("_logs", jsonPlant({ note: "not a folder" }), async (session) => {
      await plant(sessionPaths(session).decision, { kind: "text", text: "{}" }, "/nonexistent");
      // A `_logs` that is no real folder is the loop's io error (it blocks the session), never a move out.
      const claimed = await claimDecision(session).then(
        (result) => result.read.kind,
        (error: unknown) => (error as { code?: string }).code,
      );
      expect(["invalid", "io"]).toContain(claimed);
    });
  });

  it("_lease.json: only a readable lease of a gone process is ever taken over", async () => {
    const lease = { pid: 2_000_000, host: "elsewhere", acquiredAt: AT, owner: "worker" };
    const here = { ...lease, host: hostname() };
    await fuzz("_lease.json", jsonPlant(lease, here, { ...here, pid: 1 }), async (session) => {
      const verdict = await inspectLease(session);
      const taken = await acquireLease(session, "fuzz");
      if (taken.ok) {
        expect(verdict.state).not.toBe("held");
        await taken.release();
      } else expect(verdict.state).toBe("held");
    });
  });

  it("_hook.json", async () => {
    const hook = makeHook() as unknown as Record<string, unknown>;
    await fuzz("_hook.json", jsonPlant(hook), async (session) => {
      const read = await readHook(session);
      expect(read.ok || ["missing", "invalid"].includes(read.reason)).toBe(true);
    });
  });

  it("_handoff.json", async () => {
    await fuzz(
      "_handoff.json",
      jsonPlant({ at: AT, reason: "r", state: { done: ["a"], next: { b: 1 } } }),
      async (session) => {
        expect(typeof (await readHandoff(session)).ok).toBe("boolean");
      },
    );
  });

  it("SESSIONS/_convoys/*.json: listed as a value; read as a convoy or one clear error", async () => {
    const convoy = { id: "wave", createdAt: AT, sessions: ["26-11-21-a"], announced: [] };
    await fuzz("../../sessions/_convoys/wave.json", jsonPlant(convoy), async (_session, root) => {
      const listed = await listConvoys(root);
      expect(listed).toHaveLength(1);
      const read = await readConvoy(join(root, "_convoys", "wave.json")).then(
        () => "read",
        (error: unknown) => (error as { name?: string }).name,
      );
      expect(["read", "SamocodeError"]).toContain(read);
    });
  });

  const keyValue = fc.oneof(
    fc
      .constantFrom(
        "MAIN_REPO",
        "WORKTREES",
        "SESSIONS",
        "CLAUDE_TIMEOUT",
        "SAMOCODE_PROVIDER",
        "export X",
        "#c",
        "",
      )
      .chain((key) => fc.string({ maxLength: 30 }).map((value) => `${key}=${value}`)),
    fc.string({ maxLength: 40 }),
  );

  it(".samocode", async () => {
    await fuzz(".samocode", textPlant(keyValue), async (session) => {
      const read = await readProjectFile(join(session, ".samocode"), session);
      if (!read.ok) for (const line of read.errors) expect(line).not.toContain("\n");
    });
  });

  it("the user's projects.json", async () => {
    const entry = { id: "app", config: "/home/u/app/.samocode", addedAt: AT };
    await fuzz(".config/samocode/projects.json", jsonPlant({ projects: [entry] }, entry), async (session) => {
      const read = await readProjects(userDirs({ HOME: session, XDG_CONFIG_HOME: join(session, ".config") }));
      expect(Array.isArray(read.projects)).toBe(true);
    });
  });

  it(".env", async () => {
    await fuzz(".env", textPlant(keyValue), async (session) => {
      expect(typeof (await readEnvFile(join(session, ".env"))).ok).toBe("boolean");
    });
  });
});
