import { spawn } from "node:child_process";
import { once } from "node:events";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { describe, expect, it, onTestFinished } from "vitest";
import {
  killGroup,
  readRecords,
  runFakeCli,
  withFakeProviders,
  writeScript,
} from "../../../../tests/fake-provider/fake-provider.ts";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { SCRIPTED_MAIN } from "./scripted-program.ts";

const saying = (text: string) => [{ say: text }];
const textsOf = (events: Record<string, unknown>[]) =>
  events.map((event) => (event.message as { content: { text: string }[] }).content[0]?.text);

describe("run selection across invocations", () => {
  it("plays the runs in order, then repeats the last; the cursor sits beside the script", async () => {
    const dir = await makeTempDir();
    const script = await writeScript(dir, { runs: [saying("one"), saying("two")] });
    const texts: unknown[] = [];
    for (let i = 0; i < 3; i += 1)
      texts.push(...textsOf((await runFakeCli("claude", { cwd: dir, script })).events));
    expect(texts).toEqual(["one", "two", "two"]);
    expect(await readFile(`${script}.cursor`, "utf8")).toBe("3\n");
  });

  it("keeps the cursor in SAMOCODE_SCRIPT_CURSOR when set", async () => {
    const dir = await makeTempDir();
    const script = await writeScript(dir, { runs: [saying("one"), saying("two")] });
    const env = { SAMOCODE_SCRIPT_CURSOR: join(dir, "elsewhere.cursor") };
    await writeFile(env.SAMOCODE_SCRIPT_CURSOR, "1\n");
    const run = await runFakeCli("claude", { cwd: dir, script, env });
    expect(textsOf(run.events)).toEqual(["two"]);
    expect(await readFile(env.SAMOCODE_SCRIPT_CURSOR, "utf8")).toBe("2\n");
  });

  it("chooses the run from the phase and its iteration count in the session's _hook.json", async () => {
    const dir = await makeTempDir();
    const sessionDir = await makeTempDir("samo-session-");
    const yaml = [
      "phases:",
      "  investigation:",
      "    - [{say: inv}]",
      "  planning:",
      "    - [{say: plan 0}]",
      "    - [{say: plan 1}]",
    ];
    const script = await writeScript(dir, `${yaml.join("\n")}\n`, "s.yaml");
    const hook = join(sessionDir, "_hook.json");
    const env = { SAMOCODE_SESSION_DIR: sessionDir };
    await writeFile(
      hook,
      JSON.stringify({ phase: "planning", phaseIterations: { planning: 1 }, other: true }),
    );
    expect(textsOf((await runFakeCli("claude", { cwd: dir, script, env })).events)).toEqual(["plan 1"]);
    await writeFile(hook, JSON.stringify({ phase: "investigation", phaseIterations: { planning: 1 } }));
    expect(textsOf((await runFakeCli("claude", { cwd: dir, script, env })).events)).toEqual(["inv"]);
  });

  it("exits 2 naming the phase when the script has no run for it", async () => {
    const dir = await makeTempDir();
    await writeFile(join(dir, "_hook.json"), JSON.stringify({ phase: "done" }));
    const script = await writeScript(dir, { phases: { investigation: [saying("x")] } });
    const run = await runFakeCli("codex", { cwd: dir, script, env: { SAMOCODE_SESSION_DIR: dir } });
    expect(run).toMatchObject({ exitCode: 2, stdout: "" });
    expect(run.stderr).toBe(
      'scripted provider: the script has no runs for phase "done" (it has: investigation)',
    );
  });
});

describe("bad invocations and scripts", () => {
  it("refuses an invalid script with exit 2, one readable line per issue and no output", async () => {
    const dir = await makeTempDir();
    const script = await writeScript(dir, "runs:\n  - - init\n    - sya: hi\n    - exit: 300\n", "bad.yaml");
    const run = await runFakeCli("claude", { cwd: dir, script });
    expect(run).toMatchObject({ exitCode: 2, stdout: "" });
    expect(run.stderr.split("\n")).toEqual([
      `scripted provider: ${script} is not a valid script`,
      expect.stringMatching(/^ {2}runs\.0\.1: unknown step "sya" \(known: /),
      expect.stringMatching(/^ {2}runs\.0\.2\.exit: .*255/),
    ]);
  });

  it("exits 2 when there is no script or it cannot be read", async () => {
    const dir = await makeTempDir();
    const none = await runFakeCli("claude", { cwd: dir, env: { SAMOCODE_SCRIPT: undefined } });
    expect(none).toMatchObject({
      exitCode: 2,
      stderr: "scripted provider: no script: set SAMOCODE_SCRIPT or pass --script",
    });
    const missing = await runFakeCli("claude", { cwd: dir, script: "missing.json" });
    expect(missing.exitCode).toBe(2);
    expect(missing.stderr).toMatch(/^scripted provider: cannot read script .*missing\.json\n {2}ENOENT/);
  });

  it("exits 3 naming the step that failed while playing", async () => {
    const dir = await makeTempDir();
    const script = await writeScript(dir, { runs: [[{ say: "hi" }, { commit: { message: "m" } }]] });
    const run = await runFakeCli("claude", { cwd: dir, script });
    expect(run.exitCode).toBe(3);
    expect(run.events.map((event) => event.type)).toEqual(["assistant"]);
    expect(run.stderr).toMatch(
      /^scripted provider: step 2 \(commit\) failed: Command failed with exit code 128: git add/,
    );
  });
});

describe("recording and resuming", () => {
  it("records argv, cwd, env, stdin, pid and pgid before playing", async () => {
    const dir = await makeTempDir();
    const record = join(dir, "record.jsonl");
    const script = await writeScript(dir, { runs: [[{ exit: 4 }]] });
    const env = withFakeProviders({
      ...process.env,
      SAMOCODE_SCRIPT: script,
      SAMOCODE_SCRIPT_RECORD: record,
      X_MARK: "1",
    });
    const args = ["-p", "--format", "--model", "m"];
    const firstProcess = execa("claude", args, {
      cwd: dir,
      env,
      stdin: "ignore",
      reject: false,
      detached: true,
    });
    const first = await firstProcess;
    const secondProcess = execa("codex", ["exec", "-"], {
      cwd: dir,
      env,
      input: "the prompt",
      reject: false,
    });
    const second = await secondProcess;
    expect([first.exitCode, second.exitCode]).toEqual([4, 4]);
    const [one, two] = await readRecords(record);
    expect(one).toMatchObject({
      argv: args,
      format: "claude",
      cwd: dir,
      stdin: "",
      pid: firstProcess.pid,
      pgid: firstProcess.pid,
    });
    expect(one?.env).toMatchObject({ X_MARK: "1", SAMOCODE_SCRIPT_RECORD: record });
    expect(two).toMatchObject({
      argv: ["exec", "-"],
      format: "codex",
      stdin: "the prompt",
      pid: secondProcess.pid,
    });
  });

  it("records an open stdin as null and plays on without waiting for it", async () => {
    const dir = await makeTempDir();
    const record = join(dir, "record.jsonl");
    const script = await writeScript(dir, { runs: [[{ say: "went on" }]] });
    const env = withFakeProviders({
      ...process.env,
      SAMOCODE_SCRIPT: script,
      SAMOCODE_SCRIPT_RECORD: record,
    });
    const child = spawn("claude", ["-p"], {
      cwd: dir,
      env,
      detached: true,
      stdio: ["pipe", "pipe", "inherit"],
    });
    onTestFinished(() => killGroup(child.pid));
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    const [code] = await once(child, "exit");
    child.stdin.end();
    expect(code).toBe(0);
    expect(stdout).toContain("went on");
    expect((await readRecords(record))[0]?.stdin).toBeNull();
  });

  it("reuses the conversation id it is asked to resume, else the script's init id", async () => {
    const dir = await makeTempDir();
    const steps = [{ init: { id: "from-script" } }, { say: "x" }, { result: {} }];
    const script = await writeScript(dir, { runs: [steps] });
    const claude = await runFakeCli("claude", { cwd: dir, script, args: ["-p", "go", "--resume", "conv-7"] });
    expect(claude.events.map((event) => event.session_id)).toEqual(["conv-7", "conv-7", "conv-7"]);
    const codex = await runFakeCli("codex", {
      cwd: dir,
      script,
      args: ["exec", "--json", "resume", "th-3", "go"],
    });
    expect(codex.events[0]).toEqual({ type: "thread.started", thread_id: "th-3" });
    const fresh = await runFakeCli("gemini", { cwd: dir, script });
    expect(fresh.events[0]?.session_id).toBe("from-script");
  });

  it("gives each invocation a fresh id when nothing names one", async () => {
    const dir = await makeTempDir();
    const script = await writeScript(dir, { runs: [["init"]] });
    const ids = new Set<unknown>();
    for (let i = 0; i < 2; i += 1)
      ids.add((await runFakeCli("codex", { cwd: dir, script })).events[0]?.thread_id);
    expect(ids.size).toBe(2);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("runs directly from SCRIPTED_MAIN with --script", async () => {
    const dir = await makeTempDir();
    const script = await writeScript(dir, { runs: [["init", { result: { inputTokens: 3 } }]] });
    const args = [SCRIPTED_MAIN, "--format", "codex", "--script", script, "exec", "--json"];
    const run = await execa(process.execPath, args, { cwd: dir, stdin: "ignore" });
    const lines = run.stdout.split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((event) => event.type)).toEqual(["thread.started", "turn.started", "turn.completed"]);
  });
});
