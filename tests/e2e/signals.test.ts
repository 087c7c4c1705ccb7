import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeProject, signal } from "../helpers/samocode-project.ts";

/** An agent that makes a little progress in the worktree each time and never leaves its phase. */
const WORKING = [
  "init",
  { append: { path: "{cwd}/notes.txt", text: "a finding\n" } },
  signal({ status: "continue" }),
];

import { makeTempDir } from "../helpers/temp-dir.ts";
import { recordedPrompts } from "./scripts.ts";

const write = (text: string) => ({ write: { path: "{session}/_signal.json", text } });

describe("signals the loop refuses", () => {
  const cases: [string, unknown[], RegExp][] = [
    ["invalid JSON", [write("{status: continue")], /not valid JSON|JSON/i],
    ["a wrong shape", [signal({ status: "blocked", reason: 42 })], /reason/],
    ["an unknown status", [signal({ status: "finished" })], /status/],
    ["done outside the done phase", [signal({ status: "done", summary: "early" })], /done/],
    [
      "a disallowed move",
      [signal({ status: "continue", phase: "testing" })],
      /investigation.*testing|testing.*investigation/,
    ],
    [
      "a wait not allowed in the phase",
      [signal({ status: "waiting", for: "plan_approval" })],
      /plan_approval/,
    ],
    ["binary bytes", [write("\u0000\u0001\u00ff\u0002")], /JSON/i],
  ];

  it.each(cases)("blocks on %s and records the reason in history", async (_name, steps, reason) => {
    const project = await makeProject({ script: { runs: [["init", ...steps]] } });
    const run = await project.cli(["run", "--task", "x", "--name", "x"]);
    expect(run.exitCode).toBe(11);
    const dir = await project.waitForSession();
    const hook = await project.hook(dir);
    expect(hook.state).toBe("blocked");
    expect(hook.cause).toBe("signal-rejected");
    expect(hook.reason).toMatch(/^signal rejected: /);
    expect(hook.iteration).toBe(0);
    const [row] = await project.history(dir);
    expect(row).toMatchObject({
      accepted: false,
      iteration: 1,
      fromPhase: "investigation",
      toPhase: "investigation",
    });
    expect(row?.rejection).toMatch(reason);
  });

  it("blocks requirements → planning while questions are unanswered (the Q&A gate)", async () => {
    const qa = { write: { path: "{session}/_qa.md", text: "### Q1: Which?\n**Answer:** _waiting_\n" } };
    const project = await makeProject({
      script: {
        phases: {
          investigation: [["init", signal({ status: "continue", phase: "requirements" })]],
          requirements: [["init", qa, signal({ status: "continue", phase: "planning" })]],
        },
      },
    });
    expect((await project.cli(["run", "--task", "x", "--name", "x"])).exitCode).toBe(11);
    const rows = await project.history(await project.waitForSession());
    expect(rows.at(-1)?.rejection).toMatch(/Q&A|_qa\.md|answer/i);
  });

  it("retries a run that wrote no signal with a note, then blocks after SAMOCODE_MAX_NO_SIGNAL", async () => {
    const record = join(await makeTempDir(), "record.jsonl");
    const project = await makeProject({
      script: {
        runs: [
          ["init", { say: "thinking" }],
          ["init", write("{}")],
          ["init", write("   ")],
        ],
      },
      env: { SAMOCODE_MAX_NO_SIGNAL: "3", SAMOCODE_SCRIPT_RECORD: record },
    });
    const run = await project.cli(["run", "--task", "x", "--name", "x"]);
    expect(run.exitCode).toBe(11);
    const dir = await project.waitForSession();
    const hook = await project.hook(dir);
    expect(hook.cause).toBe("no-signal");
    expect(hook.reason).toMatch(/3 runs in a row ended without a signal/);
    expect(hook.iteration).toBe(0);
    const rows = await project.history(dir);
    expect(rows.map((r) => [r.iteration, r.attempt, r.accepted])).toEqual([
      [1, 1, false],
      [1, 2, false],
      [1, 3, false],
    ]);
    const prompts = await recordedPrompts(record);
    expect(prompts[0]).not.toMatch(/without writing|no _signal\.json/);
    expect(prompts[1]).toMatch(/ended with no _signal\.json/);
    expect(prompts[2]).toMatch(/ended with an empty _signal\.json/);
  });

  it("blocks at the phase iteration limit without running once more", async () => {
    const project = await makeProject({ script: { runs: [WORKING] } });
    const run = await project.cli(["run", "--task", "x", "--name", "x"]);
    expect(run.exitCode).toBe(11);
    const dir = await project.waitForSession();
    const hook = await project.hook(dir);
    expect(hook.phaseIterations.investigation).toBe(20);
    expect(hook.cause).toBe("phase-limit");
    expect(hook.reason).toMatch(/limit reached \(20\)/);
    const rows = await project.history(dir);
    expect(rows).toHaveLength(20);
    expect(rows.every((r) => r.accepted)).toBe(true);
  });

  it("lets a human resume a session that spent its phase's iterations, with a fresh budget", async () => {
    const project = await makeProject({ script: { runs: [WORKING] } });
    expect((await project.cli(["run", "--task", "x", "--name", "x"])).exitCode).toBe(11);
    expect((await project.cli(["resume", "x"])).exitCode).toBe(0);
    expect((await project.cli(["run", "x"])).exitCode).toBe(11);
    const dir = await project.waitForSession();
    const hook = await project.hook(dir);
    expect(hook.phaseIterations.investigation).toBe(40);
    expect(hook.phaseAllowance.investigation).toBe(20);
    expect(await project.history(dir)).toHaveLength(40);
  }, 120_000);

  it("blocks an agent that dirtied the main checkout instead of its worktree", async () => {
    const project = await makeProject({ script: { runs: [] } });
    const script = {
      runs: [
        [
          "init",
          { write: { path: join(project.repo, "oops.ts"), text: "x\n" } },
          signal({ status: "continue" }),
        ],
      ],
    };
    await writeFile(project.env.SAMOCODE_SCRIPT ?? "", JSON.stringify(script));
    const run = await project.cli(["run", "--task", "x", "--name", "x"]);
    expect(run.exitCode).toBe(11);
    const hook = await project.hook(await project.waitForSession());
    expect(hook.cause).toBe("escape");
    expect(hook.reason).toMatch(/changed the main checkout .* working tree changed \(oops\.ts\)/);
    expect(hook.iteration).toBe(0);
  });

  it("catches a later attempt that dirties the main checkout, when the loop went straight on", async () => {
    const project = await makeProject({ script: { runs: [] } });
    const script = {
      runs: [
        ["init", WORKING[1], signal({ status: "continue" })],
        ["init", WORKING[1], signal({ status: "continue" })],
        [
          "init",
          { write: { path: join(project.repo, "late.ts"), text: "x\n" } },
          signal({ status: "continue" }),
        ],
      ],
    };
    await writeFile(project.env.SAMOCODE_SCRIPT ?? "", JSON.stringify(script));
    const run = await project.cli(["run", "--task", "x", "--name", "x"]);
    expect(run.exitCode).toBe(11);
    const hook = await project.hook(await project.waitForSession());
    expect(hook.cause).toBe("escape");
    expect(hook.reason).toMatch(/changed the main checkout .* working tree changed \(late\.ts\)/);
    expect(hook.iteration).toBe(2);
  });
});

describe("signals the loop accepts", () => {
  it("accepts a valid signal even though the provider then exited non-zero, and logs a warning", async () => {
    const project = await makeProject({
      script: {
        runs: [
          ["init", signal({ status: "continue", phase: "requirements" }), { exit: 1 }],
          ["init", signal({ status: "blocked", reason: "stop", needs: "human_decision" })],
        ],
      },
    });
    expect((await project.cli(["run", "--task", "x", "--name", "x"])).exitCode).toBe(11);
    const dir = await project.waitForSession();
    const [first] = await project.history(dir);
    expect(first).toMatchObject({ accepted: true, exitCode: 1, toPhase: "requirements" });
    expect(await readFile(join(dir, "_logs", "worker.log"), "utf8")).toMatch(
      /accepted a valid signal although the provider exited 1/,
    );
  });
});

describe("samocode run's exit codes", () => {
  it("exits 10 at a gate with --no-wait, and continues the same session later", async () => {
    const qa = { write: { path: "{session}/_qa.md", text: "### Q1: Which?\n**Answer:** _waiting_\n" } };
    const project = await makeProject({
      script: {
        phases: {
          investigation: [["init", signal({ status: "continue", phase: "requirements" })]],
          requirements: [
            ["init", qa, signal({ status: "waiting", for: "qa_answers" })],
            ["init", signal({ status: "blocked", reason: "enough", needs: "human_decision" })],
          ],
        },
      },
    });
    const first = await project.cli(["run", "--task", "Do it", "--name", "x", "--no-wait"]);
    expect(first.exitCode).toBe(10);
    expect(first.stdout).toMatch(/waiting \(for qa_answers\)/);
    const stillWaiting = await project.cli(["run", "x", "--no-wait"]);
    expect(stillWaiting.exitCode).toBe(10);
    expect((await project.cli(["answer", "x", "yes"])).exitCode).toBe(0);
    const last = await project.cli(["run", "x", "--no-wait"]);
    expect(last.exitCode).toBe(11);
    const dir = await project.waitForSession();
    expect((await project.hook(dir)).task).toBe("Do it");
  });

  it("refuses --task for an existing session, and a run without a task (exit 2)", async () => {
    const project = await makeProject({
      script: { runs: [["init", signal({ status: "blocked", reason: "r", needs: "clarification" })]] },
    });
    expect((await project.cli(["run", "--task", "first", "--name", "x"])).exitCode).toBe(11);
    const again = await project.cli(["run", "x", "--task", "second"]);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/--task only apply to a new session/);
    expect((await project.hook(await project.waitForSession())).task).toBe("first");
    const none = await project.cli(["run"]);
    expect(none.exitCode).toBe(2);
    const badName = await project.cli(["run", "--task", "t", "--name", "../x"]);
    expect(badName.exitCode).toBe(2);
  });

  it("exits 3 when the session's loop already runs", async () => {
    const project = await makeProject({
      script: {
        runs: [["init", { sleep: 4000 }, signal({ status: "blocked", reason: "r", needs: "clarification" })]],
      },
    });
    const first = project.spawnCli(["run", "--task", "slow", "--name", "slow"]);
    const dir = await project.waitForSession();
    await project.waitForHook(dir, (h) => h.attempt !== null);
    const second = await project.cli(["run", "slow"]);
    expect(second.exitCode).toBe(3);
    expect(second.stderr).toMatch(
      /already run by samocode run pid \d+ on this host since \S+; to stop it: samocode stop \d\d-\d\d-\d\d-slow/,
    );
    expect((await first).exitCode).toBe(11);
  });

  it("exits 12 when the provider keeps failing and the retries are used up", async () => {
    const project = await makeProject({
      script: { runs: [["init", { error: { kind: "overload" } }, { exit: 1 }]] },
      env: { SAMOCODE_MAX_RETRIES: "2" },
    });
    const run = await project.cli(["run", "--task", "x", "--name", "x"]);
    expect(run.exitCode).toBe(12);
    const dir = await project.waitForSession();
    const hook = await project.hook(dir);
    expect(hook.state).toBe("failed");
    expect(hook.cause).toBe("provider-failed");
    expect(hook.reason).toMatch(/2 retries used up/);
    expect((await project.history(dir)).map((r) => r.attempt)).toEqual([1, 2, 3]);
  });
});
