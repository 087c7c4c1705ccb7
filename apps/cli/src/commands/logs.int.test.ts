import { spawn } from "node:child_process";
import { once } from "node:events";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { fullSession } from "../../../../tests/e2e/scripts.ts";
import { makeProject, type Project, signal } from "../../../../tests/helpers/samocode-project.ts";

const CLI = fileURLToPath(new URL("../main.ts", import.meta.url));

/** fullSession, with an investigation that talks, runs a tool and reports its totals. */
function talkativeSession(): { phases: Record<string, unknown[][]> } {
  const { phases } = fullSession();
  const investigation = [
    "init",
    { say: "Looking at the repo first." },
    { tool: { name: "Bash", input: { command: "npm test" }, output: "1 failing\nexpected 2, got 3" } },
    signal({ status: "continue", phase: "requirements", summary: "dived" }),
    { result: { costUsd: 0.5, inputTokens: 100, outputTokens: 10, turns: 3 } },
  ];
  return { phases: { ...phases, investigation: [investigation] } };
}

/** `samocode logs … -f` in the background, its stdout collected as it arrives. */
function followLogs(project: Project, args: string[]) {
  const child = spawn(process.execPath, [CLI, "logs", ...args], {
    cwd: project.root,
    env: project.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => {
    out += chunk.toString("utf8");
  });
  const until = async (pattern: RegExp): Promise<void> => {
    const deadline = Date.now() + 60_000; // a safety net, not a timing assertion
    while (!pattern.test(out)) {
      if (Date.now() > deadline) throw new Error(`logs -f never showed ${pattern}:\n${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { child, exited, until, output: () => out };
}

describe("samocode logs", () => {
  it("shows a real session's attempts in order with tool calls, results and the worker's events", async () => {
    const project = await makeProject({ script: talkativeSession() });
    const run = await project.cli(["run", "--task", "Add JWT auth", "--name", "auth", "--auto-approve"]);
    expect(run.exitCode).toBe(0);

    const logs = await project.cli(["logs", "auth"]);
    expect(logs.exitCode).toBe(0);
    const lines = logs.stdout.split("\n");
    const headers = lines.filter((l) => l.startsWith("── iteration"));
    expect(headers[0]).toBe("── iteration 1 · investigation · attempt 1 ──");
    expect(headers.map((h) => h.split(" · ")[1])).toEqual([
      "investigation",
      "requirements",
      "requirements",
      "planning",
      "implementation",
      "testing",
      "quality",
      "done",
    ]);
    const first = lines.slice(lines.indexOf(headers[0] ?? ""), lines.indexOf(headers[1] ?? ""));
    expect(first).toEqual(
      expect.arrayContaining([
        "Looking at the repo first.",
        "→ Bash npm test",
        "  ← 1 failing",
        "    expected 2, got 3",
        "→ Write <session>/_signal.json",
        "✓ result · 3 turns · $0.5000 · tokens 100 in / 10 out",
      ]),
    );
    expect(lines.some((l) => l.startsWith("→ Write auth.ts"))).toBe(true); // relative to the worktree
    const applied = lines.filter((l) => / iteration applied · iteration=\d+ /.test(l));
    expect(applied).toHaveLength(8);
    // Each "applied" event comes right after its own attempt, before the next header.
    expect(lines.indexOf(applied[0] ?? "")).toBeLessThan(lines.indexOf(headers[1] ?? ""));
    expect(lines.indexOf(applied[0] ?? "")).toBeGreaterThan(
      lines.indexOf("✓ result · 3 turns · $0.5000 · tokens 100 in / 10 out"),
    );
  });

  it("--raw prints exactly the JSON lines of the attempt files; --iteration narrows to one", async () => {
    const project = await makeProject({ script: talkativeSession() });
    expect((await project.cli(["run", "--task", "t", "--name", "auth", "--auto-approve"])).exitCode).toBe(0);
    const dir = await project.waitForSession();
    const files = (await readdir(join(dir, "_logs"))).filter((f) => f.startsWith("iter-")).sort();
    const expected = (await Promise.all(files.map((f) => readFile(join(dir, "_logs", f), "utf8"))))
      .join("")
      .trimEnd();
    const raw = await project.cli(["logs", "auth", "--raw"]);
    expect(raw.stdout).toBe(expected);

    const second = await project.cli(["logs", "auth", "--iteration", "2"]);
    expect(second.stdout.split("\n").filter((l) => l.startsWith("──"))).toEqual([
      "── iteration 2 · requirements · attempt 2 ──",
    ]);
    const bad = await project.cli(["logs", "auth", "--iteration", "zero"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/--iteration/);
  });

  it("-f shows what is there, then the attempts and events a live worker writes, until the loop ends", async () => {
    const project = await makeProject({ script: fullSession() });
    const run = project.spawnCli(["run", "--task", "Add JWT auth", "--name", "auth"]);
    const dir = await project.waitForSession();
    await project.waitForHook(dir, (h) => h.state === "waiting" && h.waitingFor === "qa_answers");
    const follow = followLogs(project, ["auth", "-f"]);
    try {
      await follow.until(/── iteration 2 · requirements · attempt 2 ──/);
      expect(follow.output()).not.toMatch(/iteration 3/);

      expect((await project.cli(["answer", "auth", "JWT", "--answer", "2=cookie"])).exitCode).toBe(0);
      await project.waitForHook(dir, (h) => h.state === "waiting" && h.waitingFor === "plan_approval");
      await follow.until(/── iteration 4 · planning · attempt 4 ──[\s\S]*iteration applied · iteration=4 /);
      expect((await project.cli(["approve", "auth"])).exitCode).toBe(0);
      expect((await run).exitCode).toBe(0);
      // It ends by itself, after the loop's last line.
      expect(await follow.exited).toEqual([0, null]);
      expect(follow.output()).toMatch(
        /── iteration 8 · done · attempt \d+ ──[\s\S]*◆ \S+ loop ended · state=done[^\n]*\n$/,
      );
      const headers = follow.output().match(/── iteration \d+/g) ?? [];
      expect(headers).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((n) => `── iteration ${n}`));
    } finally {
      if (follow.child.exitCode === null) follow.child.kill("SIGKILL");
      await follow.exited;
    }
  });

  it("-f keeps every line in order with quick iterations (each applied line after its tool calls)", async () => {
    const quick = (n: number) => [
      "init",
      { tool: { name: "Read", input: { file_path: `a${n}.ts` }, output: "a" } },
      { tool: { name: "Grep", input: { pattern: `b${n}` }, output: "b" } },
      { tool: { name: "Bash", input: { command: `echo ${n}` }, output: `${n}` } },
      signal({ status: "continue", summary: `step ${n}` }),
    ];
    const project = await makeProject({
      script: {
        runs: [
          ...[1, 2, 3, 4, 5, 6].map(quick),
          ["init", signal({ status: "blocked", reason: "enough", needs: "human_decision" })],
        ],
      },
      env: { SAMOCODE_IDLE_CONTINUES: "0" },
    });
    const run = project.spawnCli(["run", "--task", "x", "--name", "quick"]);
    await project.waitForSession();
    const follow = followLogs(project, ["quick", "-f"]);
    expect((await run).exitCode).toBe(11);
    expect(await follow.exited).toEqual([0, null]);
    const whole = await project.cli(["logs", "quick"]);
    expect(follow.output()).toBe(`${whole.stdout}\n`);
    // The order itself: every attempt's tool calls, then the line that applies it.
    const lines = follow.output().split("\n");
    for (const n of [1, 2, 3, 4, 5, 6]) {
      const lastTool = lines.findIndex((line) => line.includes(`→ Bash echo ${n}`));
      const applied = lines.findIndex((line) => line.includes(`iteration applied · iteration=${n} `));
      expect(lastTool, `iteration ${n}`).toBeGreaterThan(-1);
      expect(applied, `iteration ${n}`).toBeGreaterThan(lastTool);
    }
  });
});
