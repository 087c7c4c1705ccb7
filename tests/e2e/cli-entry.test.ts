import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { makeProject, signal } from "../helpers/samocode-project.ts";
import { cliArgv } from "../helpers/shipped-cli.ts";

// The built worker, as PM2 runs it (worker-app.ts).
const WORKER = fileURLToPath(new URL("../../apps/worker/dist/main.js", import.meta.url));
const QA = {
  write: {
    path: "{session}/_qa.md",
    text: "### Q1: Token?\n- a) JWT\n**Answer:** _waiting_\n\n### Q2: Where?\n**Answer:** _waiting_\n",
  },
};

describe("samocode answer in a terminal", () => {
  it("asks one question at a time and keeps what was answered when the user ends with Ctrl-D", async () => {
    const project = await makeProject({
      script: { runs: [["init", QA, signal({ status: "waiting", for: "human_action" })]] },
    });
    expect((await project.cli(["run", "--task", "x", "--name", "x", "--no-wait"])).exitCode).toBe(10);
    // `script` gives the command a real pty, so stdin.isTTY holds as for a person at a terminal.
    const answer = await execa(
      "script",
      ["-qec", `${process.execPath} ${cliArgv(["answer", "x"]).join(" ")}`, "/dev/null"],
      {
        cwd: project.root,
        env: project.env,
        extendEnv: false,
        input: "JWT\n\u0004",
        reject: false,
        timeout: 30_000,
      },
    );
    expect(answer.exitCode).toBe(0);
    expect(answer.stdout).toMatch(/Q1: Token\?\r?\n\s+a\) JWT/);
    expect(answer.stdout).toMatch(/answered Q1/);
    expect(answer.stdout).toMatch(/still open: Q2/);
    const qa = await readFile(join(await project.waitForSession(), "_qa.md"), "utf8");
    expect(qa).toMatch(
      /### Q1: Token\?\n- a\) JWT\n\*\*Answer:\*\* JWT\n\n### Q2: Where\?\n\*\*Answer:\*\* _waiting_/,
    );
  });

  it("refuses to prompt without a terminal and says what to pass instead", async () => {
    const project = await makeProject({
      script: { runs: [["init", QA, signal({ status: "waiting", for: "human_action" })]] },
    });
    await project.cli(["run", "--task", "x", "--name", "x", "--no-wait"]);
    const answer = await project.cli(["answer", "x"]);
    expect(answer.exitCode).toBe(2);
    expect(answer.stderr).toMatch(
      /2 open question\(s\): Q1, Q2; give answers as arguments or --answer N=text/,
    );
    const bad = await project.cli(["answer", "x", "--answer", "7=nope"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/no question Q7/);
  });
});

describe("the PM2 worker entry", () => {
  it("exits 64 for a settled session, 3 while another loop holds it, 2 for a missing session", async () => {
    const project = await makeProject({
      script: {
        runs: [["init", { sleep: 3000 }, signal({ status: "blocked", reason: "r", needs: "clarification" })]],
      },
    });
    const worker = (ref: string) =>
      execa(process.execPath, [WORKER, "--session", ref], {
        cwd: project.root,
        env: project.env,
        extendEnv: false,
        reject: false,
      });
    await project.cli(["run", "--task", "x", "--name", "x", "--no-wait"]).then(() => undefined);
    const dir = await project.waitForSession();
    expect((await project.hook(dir)).state).toBe("blocked");
    expect((await project.cli(["resume", "x"])).exitCode).toBe(0);
    const first = worker("x");
    await project.waitForHook(dir, (h) => h.attempt !== null);
    const second = await worker("x");
    expect(second.exitCode).toBe(3);
    expect(second.stderr).toMatch(/already run by worker/);
    const settled = await first;
    // The settled code is one of the app's stop codes, and never 0 (what PM2 reports for a death by signal).
    expect(settled.exitCode).toBe(64);
    expect(settled.stdout).toMatch(/x: blocked/);
    expect((await worker("nobody")).exitCode).toBe(2);
  });
});
