import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  FAKE_CLIS,
  groupAlive,
  killGroup,
  parseEvents,
  runFakeCli,
  startFakeCli,
  withFakeProviders,
  writeScript,
} from "../../../../tests/fake-provider/fake-provider.ts";
import { git, makeGitRepo } from "../../../../tests/helpers/git-repo.ts";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";

const CONVERSATION = [
  "init",
  { say: "hello" },
  { tool: { name: "Bash", input: { command: "ls" }, output: "a.txt" } },
  { result: { text: "done", costUsd: 0.5, inputTokens: 10, outputTokens: 5 } },
];

const EXPECTED_TYPES = {
  claude: ["system", "assistant", "assistant", "user", "result"],
  codex: [
    "thread.started",
    "turn.started",
    "item.completed",
    "item.started",
    "item.completed",
    "turn.completed",
  ],
  gemini: ["init", "message", "tool_use", "tool_result", "result"],
};

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

describe("scripted provider steps, run through the PATH shims", () => {
  it("speaks each CLI's event stream for init, say, tool and result", async () => {
    const dir = await makeTempDir();
    const script = await writeScript(dir, { runs: [CONVERSATION] });
    for (const cli of FAKE_CLIS) {
      const run = await runFakeCli(cli, {
        cwd: dir,
        script,
        env: { SAMOCODE_SCRIPT_CURSOR: join(dir, cli) },
      });
      expect(run.exitCode).toBe(0);
      expect(run.events.map((event) => event.type)).toEqual(EXPECTED_TYPES[cli]);
    }
  });

  it("writes and appends files for real, expanding {session} and {cwd}, and reports writes as tools", async () => {
    const dir = await makeTempDir();
    const sessionDir = await makeTempDir("samo-session-");
    const steps = [
      { write: { path: "{session}/_signal.json", json: { status: "continue" } } },
      { write: { path: "src/deep/a.txt", text: "cwd={cwd}\n" } },
      { append: { path: "src/deep/a.txt", text: "more\n" } },
    ];
    const script = await writeScript(dir, { runs: [steps] });
    const run = await runFakeCli("claude", { cwd: dir, script, env: { SAMOCODE_SESSION_DIR: sessionDir } });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(await readFile(join(sessionDir, "_signal.json"), "utf8"))).toEqual({
      status: "continue",
    });
    expect(await readFile(join(dir, "src/deep/a.txt"), "utf8")).toBe(`cwd=${dir}\nmore\n`);
    const uses = run.events.filter((event) => event.type === "assistant");
    expect(uses.map((event) => event.message)).toMatchObject([
      {
        content: [
          { type: "tool_use", name: "Write", input: { file_path: join(sessionDir, "_signal.json") } },
        ],
      },
      { content: [{ type: "tool_use", name: "Write", input: { file_path: join(dir, "src/deep/a.txt") } }] },
    ]);
  });

  it("runs a command for real like a shell tool, with extra env, and reports its output and exit code", async () => {
    const dir = await makeTempDir();
    const node = process.execPath;
    const steps = [
      {
        run: { command: [node, "-e", "console.log(process.env.EXTRA, process.cwd())"], env: { EXTRA: "x1" } },
      },
      { run: { command: [node, "-e", "process.exit(3)"] } },
    ];
    const script = await writeScript(dir, { runs: [steps] });
    const run = await runFakeCli("claude", { cwd: dir, script });
    expect(run.exitCode).toBe(0); // a failing command is the agent's business, not the run's
    const results = run.events
      .filter((event) => event.type === "user")
      .map((event) => JSON.stringify(event.message));
    expect(results[0]).toContain(`x1 ${dir}`);
    expect(results[0]).toContain("(exit 0)");
    expect(results[1]).toContain("(exit 3)");
  });

  it("commits with real git: the listed paths, else everything", async () => {
    const repo = await makeGitRepo();
    const steps = [
      { write: { path: "a.txt", text: "a" } },
      { write: { path: "b.txt", text: "b" } },
      { commit: { message: "add a", add: ["a.txt"] } },
      { commit: { message: "add the rest" } },
    ];
    const script = await writeScript(await makeTempDir(), { runs: [steps] });
    expect((await runFakeCli("codex", { cwd: repo, script })).exitCode).toBe(0);
    expect((await git(repo, "log", "--format=%s")).split("\n")).toEqual([
      "add the rest",
      "add a",
      "initial commit",
    ]);
    expect(await git(repo, "show", "--name-only", "--format=", "HEAD~1")).toBe("a.txt");
    expect(await git(repo, "status", "--porcelain")).toBe("");
  });

  it("writes stderr lines and exits with the script's code, skipping later steps", async () => {
    const dir = await makeTempDir();
    const script = await writeScript(dir, {
      runs: [[{ stderr: "warning: x" }, { exit: 7 }, { say: "never" }]],
    });
    const run = await runFakeCli("claude", { cwd: dir, script });
    expect(run).toMatchObject({ exitCode: 7, stdout: "", stderr: "warning: x" });
  });

  it("sleeps between events, and SIGTERM ends it with the default action", async () => {
    const dir = await makeTempDir();
    const script = await writeScript(dir, {
      runs: [[{ say: "before" }, { sleep: 60_000 }, { say: "after" }]],
    });
    const fake = startFakeCli("claude", { cwd: dir, script });
    await fake.waitForStdout((out) => out.includes("before"));
    fake.child.kill("SIGTERM");
    expect(await fake.exited).toEqual({ code: null, signal: "SIGTERM" });
    expect(fake.stdout()).not.toContain("after");
  });

  it("survives SIGTERM after ignore-sigterm and plays on", async () => {
    const dir = await makeTempDir();
    const steps = ["ignore-sigterm", { say: "ready" }, { sleep: 1500 }, { say: "survived" }];
    const fake = startFakeCli("claude", { cwd: dir, script: await writeScript(dir, { runs: [steps] }) });
    await fake.waitForStdout((out) => out.includes("ready"));
    fake.child.kill("SIGTERM");
    expect(await fake.exited).toEqual({ code: 0, signal: null });
    expect(fake.stdout()).toContain("survived");
  });

  it("flushes a partial line without its newline, then hangs until killed", async () => {
    const dir = await makeTempDir();
    const partial = '{"type":"assistant","mess';
    const script = await writeScript(dir, { runs: [[{ partial }, "hang"]] });
    const fake = startFakeCli("codex", { cwd: dir, script });
    expect(await fake.waitForStdout((out) => out === partial)).toBe(partial);
    fake.child.kill("SIGTERM");
    expect(await fake.exited).toEqual({ code: null, signal: "SIGTERM" });
  });

  it("leaves a grandchild in its process group holding stdout open after it exits", async () => {
    const dir = await makeTempDir();
    const steps = [{ grandchild: { seconds: 60 } }, { say: "parent done" }, { exit: 0 }];
    const fake = startFakeCli("claude", { cwd: dir, script: await writeScript(dir, { runs: [steps] }) });
    expect(await fake.exited).toEqual({ code: 0, signal: null });
    const pid = fake.child.pid ?? -1;
    expect(groupAlive(pid)).toBe(true);
    expect(fake.child.stdout?.readableEnded).toBe(false);
    const closed = once(fake.child, "close");
    killGroup(pid);
    await closed;
    expect(fake.stdout()).toContain("parent done");
  });

  it("floods valid event lines, waiting while nobody reads stdout", async () => {
    const dir = await makeTempDir();
    const bytes = 3_000_000;
    const marker = join(dir, "flood-finished");
    const steps = [{ flood: { bytes } }, { write: { path: marker, text: "x" } }];
    const env = withFakeProviders({
      ...process.env,
      SAMOCODE_SCRIPT: await writeScript(dir, { runs: [steps] }),
    });
    const child = spawn("gemini", ["-p", "x"], {
      cwd: dir,
      env,
      detached: true,
      stdio: ["ignore", "pipe", "inherit"],
    });
    onTestFinished(() => killGroup(child.pid));
    // Nobody reads: a writer that buffered instead of waiting would finish and write the marker meanwhile.
    await sleep(1500);
    expect(await exists(marker)).toBe(false);
    const chunks: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk));
    const [code] = await once(child, "close");
    expect(code).toBe(0);
    const stdout = Buffer.concat(chunks).toString("utf8");
    expect(Buffer.byteLength(stdout)).toBeGreaterThanOrEqual(bytes);
    const events = parseEvents(stdout);
    expect(events.slice(0, -2).every((event) => event.type === "message" && event.role === "assistant")).toBe(
      true,
    );
    expect(await exists(marker)).toBe(true);
  });
});
