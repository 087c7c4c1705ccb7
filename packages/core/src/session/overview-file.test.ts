import { readFile, rm, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { appendFlowLog, createOverview, renderOverview, setOverviewPhase } from "./overview-file.ts";
import { sessionPaths } from "./session-paths.ts";

const created = new Date(2026, 10, 21, 9, 5);
const later = new Date(2026, 10, 21, 14, 30);

async function overviewWith(text: string): Promise<{ dir: string; read: () => Promise<string> }> {
  const dir = await makeTempDir();
  await writeFile(sessionPaths(dir).overview, text);
  return { dir, read: () => readFile(sessionPaths(dir).overview, "utf8") };
}

describe("renderOverview", () => {
  it("has the original's shape: title, task, dive topic, Status with Phase, Flow Log, Files", () => {
    const text = renderOverview({
      title: "auth",
      task: "Add OAuth login",
      dive: "token storage",
      phase: "investigation",
      workingDir: "/w/26-11-21-auth",
      now: created,
    });
    expect(text).toBe(
      [
        "# Session: auth",
        "Started: 2026-11-21 09:05",
        "Working Dir: /w/26-11-21-auth",
        "",
        "## Task",
        "Add OAuth login",
        "",
        "## Dive Topic",
        "token storage",
        "",
        "## Status",
        "Phase: investigation",
        "Last Action: Session created",
        "Next: Investigate the task",
        "",
        "## Flow Log",
        "- 11-21 09:05 Session created",
        "",
        "## Files",
        "(none yet)",
        "",
      ].join("\n"),
    );
  });

  it("omits the dive section without a dive and escapes task lines that look like ours", () => {
    const text = renderOverview({
      title: "x",
      task: "Do it\n## Flow Log\nPhase: done\n# Title",
      dive: null,
      phase: "investigation",
      workingDir: null,
      now: created,
    });
    expect(text).not.toContain("## Dive Topic");
    expect(text).toContain("Working Dir: TBD");
    expect(text).toContain("Do it\n\\## Flow Log\n\\Phase: done\n\\# Title\n");
    expect(text.match(/^## Flow Log$/gm)).toHaveLength(1);
    expect(text.match(/^Phase:/gm)).toHaveLength(1);
  });
});

describe("setOverviewPhase", () => {
  it("rewrites only the Phase line and keeps every other byte", async () => {
    const dir = await makeTempDir();
    await createOverview(dir, {
      title: "a",
      task: "t",
      dive: null,
      phase: "investigation",
      workingDir: null,
      now: created,
    });
    const before = await readFile(sessionPaths(dir).overview, "utf8");
    const agentEdited = before.replace(
      "(none yet)",
      "- 11-21-0910-dive-auth.md - dive notes\n\n## Notes\nPhase: keep me",
    );
    await writeFile(sessionPaths(dir).overview, agentEdited);
    expect(await setOverviewPhase(dir, "requirements")).toEqual({ ok: true });
    const after = await readFile(sessionPaths(dir).overview, "utf8");
    expect(after).toBe(agentEdited.replace("Phase: investigation", "Phase: requirements"));
    expect(after).toContain("Phase: keep me");
  });

  it("finds a Phase line outside a Status section, or adds one, and keeps CRLF", async () => {
    const plain = await overviewWith("# S\r\nPhase: planning\r\nnotes\r\n");
    await setOverviewPhase(plain.dir, "implementation");
    expect(await plain.read()).toBe("# S\r\nPhase: implementation\r\nnotes\r\n");
    const noLine = await overviewWith("# S\n\n## Status\nLast Action: x\n");
    await setOverviewPhase(noLine.dir, "testing");
    expect(await noLine.read()).toBe("# S\n\n## Status\nPhase: testing\nLast Action: x\n");
    const nothing = await overviewWith("agent wiped it");
    await setOverviewPhase(nothing.dir, "quality");
    expect(await nothing.read()).toBe("agent wiped it\n\n## Status\nPhase: quality");
  });

  it("returns missing when the agent deleted the overview, creating nothing", async () => {
    const { dir } = await overviewWith("x");
    await rm(sessionPaths(dir).overview);
    expect(await setOverviewPhase(dir, "done")).toMatchObject({ ok: false, reason: "missing" });
    expect(await appendFlowLog(dir, "x")).toMatchObject({ ok: false, reason: "missing" });
  });
});

describe("appendFlowLog", () => {
  it("inserts at the end of the Flow Log even when the agent added sections after it", async () => {
    const { dir, read } = await overviewWith(
      [
        "# Session: a",
        "## Flow Log",
        "- 11-21 09:05 Session created",
        "- 11-21 09:30 Dive done",
        "### detail kept inside the log",
        "",
        "",
        "## Files",
        "- plan.md",
        "## Agent Section",
        "free text",
        "",
      ].join("\n"),
    );
    expect(await appendFlowLog(dir, "Phase: investigation -> requirements\n(accepted)", later)).toEqual({
      ok: true,
    });
    await appendFlowLog(dir, "second", later);
    expect(await read()).toBe(
      [
        "# Session: a",
        "## Flow Log",
        "- 11-21 09:05 Session created",
        "- 11-21 09:30 Dive done",
        "### detail kept inside the log",
        "- 11-21 14:30 Phase: investigation -> requirements (accepted)",
        "- 11-21 14:30 second",
        "",
        "",
        "## Files",
        "- plan.md",
        "## Agent Section",
        "free text",
        "",
      ].join("\n"),
    );
  });

  it("adds a Flow Log section at the end when the agent removed it", async () => {
    const { dir, read } = await overviewWith("# S\n\n## Files\n- a\n");
    await appendFlowLog(dir, "resumed", later);
    expect(await read()).toBe("# S\n\n## Files\n- a\n\n## Flow Log\n- 11-21 14:30 resumed\n");
  });

  it("loses no line when appends race within one process", async () => {
    const { dir, read } = await overviewWith("## Flow Log\n");
    await Promise.all(Array.from({ length: 10 }, (_, index) => appendFlowLog(dir, `line ${index}`, later)));
    const lines = (await read()).split("\n").filter((line) => line.startsWith("- "));
    expect(lines).toHaveLength(10);
  });
});
