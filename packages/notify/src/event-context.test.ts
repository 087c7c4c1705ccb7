import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../tests/helpers/temp-dir.ts";
import { readEventContext } from "./event-context.ts";

const QA = "## Q1: Which token?\n- a) JWT\n- b) opaque\n**Answer:** _waiting_\n";

describe("what an event shows besides the hook", () => {
  it("names the newest plan by its first heading, the open questions, and no signal yet", async () => {
    const dir = await makeTempDir();
    await writeFile(join(dir, "11-20-0900-plan.md"), "# Old plan\n");
    await writeFile(join(dir, "11-21-1000-plan-auth.md"), "intro\n\n#   Auth with JWT  \n");
    await writeFile(join(dir, "_qa.md"), QA);
    const context = await readEventContext(dir);
    expect(context.plan).toEqual({ title: "Auth with JWT", path: join(dir, "11-21-1000-plan-auth.md") });
    expect(context.openQuestions).toMatchObject([{ number: 1, text: "Which token?" }]);
    expect(context.lastSignal).toBeNull();
  });

  it("still gives the rest when a file cannot be read: the event goes out barer, never lost", async () => {
    const dir = await makeTempDir();
    await mkdir(join(dir, "11-21-1000-plan.md"));
    await mkdir(join(dir, "_signal_history.jsonl"));
    await writeFile(join(dir, "_qa.md"), QA);
    const context = await readEventContext(dir);
    expect(context.plan).toBeNull();
    expect(context.lastSignal).toBeNull();
    expect(context.openQuestions).toHaveLength(1);
  });
});
