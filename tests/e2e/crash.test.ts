import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { liveGroupMembers } from "@samocode/core";
import { describe, expect, it } from "vitest";
import { makeProject, type Project, signal } from "../helpers/samocode-project.ts";
import { makeTempDir } from "../helpers/temp-dir.ts";

/** 30 accepted iterations, walking every phase; each run writes a note, pauses a little, then signals. */
function thirtyIterations() {
  const phases: Record<string, unknown[][]> = {};
  const plan: [string, number, Record<string, unknown>][] = [
    ["investigation", 5, { status: "continue", phase: "requirements" }],
    ["requirements", 5, { status: "continue", phase: "planning" }],
    ["planning", 5, { status: "waiting", for: "plan_approval" }],
    ["implementation", 5, { status: "continue", phase: "testing" }],
    ["testing", 5, { status: "continue", phase: "quality" }],
    ["quality", 4, { status: "continue", phase: "done" }],
    ["done", 1, { status: "done", summary: "all done" }],
  ];
  for (const [phase, runs, last] of plan) {
    phases[phase] = Array.from({ length: runs }, (_, n) => [
      "init",
      { write: { path: `{session}/note-${phase}-${n}.md`, text: `${phase} ${n}\n` } },
      { sleep: 60 },
      signal(n === runs - 1 ? last : { status: "continue", summary: `${phase} step ${n}` }),
      { sleep: 30 },
      { result: { costUsd: 0.01, inputTokens: 10, outputTokens: 5 } },
    ]);
  }
  return { phases };
}

async function finalState(project: Project, dir: string) {
  const hook = await project.hook(dir);
  const rows = await project.history(dir);
  // Times (Started:, Flow Log stamps) differ between two runs; everything else must match.
  const overview = (await readFile(join(dir, "_overview.md"), "utf8")).replace(
    /(\d{4}-)?\d\d-\d\d \d\d:\d\d/g,
    "<time>",
  );
  return {
    hook: {
      phase: hook.phase,
      state: hook.state,
      iteration: hook.iteration,
      phaseIterations: hook.phaseIterations,
      waitingFor: hook.waitingFor,
      cause: hook.cause,
      reason: hook.reason,
      attempt: hook.attempt,
      planApproved: hook.planApprovedAt !== null,
    },
    rows: rows.map((r) => ({
      iteration: r.iteration,
      from: r.fromPhase,
      to: r.toPhase,
      signal: r.signal,
      accepted: r.accepted,
    })),
    overview,
  };
}

describe("crash safety", () => {
  it("applies a signal written before a stop instead of running the step again", async () => {
    const record = join(await makeTempDir(), "record.jsonl");
    const project = await makeProject({
      script: {
        runs: [
          ["init", signal({ status: "continue", phase: "requirements" }), { sleep: 30_000 }],
          ["init", signal({ status: "blocked", reason: "second step", needs: "human_decision" })],
        ],
      },
      env: { SAMOCODE_SCRIPT_RECORD: record },
    });
    const run = project.spawnCli(["run", "--task", "x", "--name", "x"]);
    const dir = await project.waitForSession();
    await project.waitForHook(dir, () => existsSync(join(dir, "_signal.json")));
    run.kill("SIGTERM");
    expect((await run).exitCode).toBe(130);
    expect((await project.hook(dir)).attempt).not.toBeNull();
    const again = await project.cli(["run", "x"]);
    expect(again.exitCode).toBe(11);
    const rows = await project.history(dir);
    expect(rows.map((r) => [r.iteration, r.toPhase, r.accepted])).toEqual([
      [1, "requirements", true],
      [2, "requirements", true],
    ]);
    expect((await readFile(record, "utf8")).trim().split("\n")).toHaveLength(2);
  });

  it("ends where an uninterrupted run ends after 20 SIGKILLs at random moments", async () => {
    const clean = await makeProject({ script: thirtyIterations() });
    expect(
      (await clean.cli(["run", "--task", "Thirty steps", "--name", "thirty", "--auto-approve"])).exitCode,
    ).toBe(0);
    const expected = await finalState(clean, await clean.waitForSession());
    expect(expected.rows).toHaveLength(30);

    const record = join(await makeTempDir(), "record.jsonl");
    const crashy = await makeProject({ script: thirtyIterations(), env: { SAMOCODE_SCRIPT_RECORD: record } });
    let args = ["run", "--task", "Thirty steps", "--name", "thirty", "--auto-approve"];
    let kills = 0;
    let seed = 20261121;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const outcomes: string[] = [];
    while (kills < 20) {
      const run = crashy.spawnCli(args);
      await new Promise((r) => setTimeout(r, 150 + random() * 600));
      const killed = run.kill("SIGKILL");
      const result = await run;
      outcomes.push(`${args.join(" ")} → ${result.exitCode ?? "killed"} ${result.stderr.split("\n").at(-1)}`);
      // A kill before the session folder exists leaves nothing to continue: create it again.
      // Hidden entries are create-session's staging folders, left by a kill mid-creation.
      const created = (await readdir(crashy.sessions).catch(() => [] as string[])).filter(
        (f) => !f.startsWith("."),
      );
      if (created.length > 0) args = ["run", "thirty"];
      if (killed && result.exitCode === undefined) kills++;
      else if (result.exitCode === 0) break;
      else expect.fail(`a run ended by itself before the end: ${outcomes.join("\n")}`);
    }
    expect(kills).toBe(20);
    const finish = await crashy.cli(args);
    expect(finish.exitCode, `${outcomes.join("\n")}\nfinal: ${finish.stderr}`).toBe(0);
    const dir = await crashy.waitForSession();
    const actual = await finalState(crashy, dir);
    expect(actual.hook).toEqual(expected.hook);
    expect(actual.rows).toEqual(expected.rows);
    expect(actual.overview.replace(/thirty|Thirty/g, "")).toEqual(
      expected.overview.replace(/thirty|Thirty/g, ""),
    );

    const attempts = (await crashy.history(dir)).map((r) => r.attempt);
    expect(new Set(attempts).size).toBe(attempts.length);
    const pgids = (await readFile(record, "utf8"))
      .trim()
      .split("\n")
      .map((line) => (JSON.parse(line) as { pgid: number }).pgid);
    expect(pgids.length).toBeGreaterThanOrEqual(30);
    for (const pgid of pgids) expect(await liveGroupMembers(pgid)).toEqual([]);
    // Fifty-one loop starts on two cores: well past the default minute when the machine is busy.
  }, 180_000);
});
