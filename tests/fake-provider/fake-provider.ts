// Test helpers for the scripted fake provider: its PATH shims, script files, and one-shot runs of a shim.
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFile, writeFile } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { onTestFinished } from "vitest";

/** Put this first on PATH and `claude`, `codex` and `gemini` are the scripted provider. */
export const FAKE_PROVIDER_BIN = fileURLToPath(new URL("./bin", import.meta.url));

export const FAKE_CLIS = ["claude", "codex", "gemini"] as const;
export type FakeCli = (typeof FAKE_CLIS)[number];

export type Env = Record<string, string | undefined>;

/** `base` with the shims first on PATH. */
export function withFakeProviders(base: Env = process.env): Env {
  return { ...base, PATH: [FAKE_PROVIDER_BIN, base.PATH ?? ""].join(delimiter) };
}

/** Writes a script (YAML when the name ends in .yaml/.yml and `script` is a string, else JSON). */
export async function writeScript(dir: string, script: unknown, name = "script.json"): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof script === "string" ? script : JSON.stringify(script, null, 2));
  return path;
}

export type FakeRun = {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  events: Record<string, unknown>[];
};

export function parseEvents(stdout: string): Record<string, unknown>[] {
  return stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Runs a shim to the end with stdin closed, the way the runner does, and parses its event lines (all must be whole). */
export async function runFakeCli(
  cli: FakeCli,
  options: { cwd: string; script?: string; args?: string[]; env?: Env },
): Promise<FakeRun> {
  const env = withFakeProviders({ ...process.env, ...options.env });
  if (options.script !== undefined) env.SAMOCODE_SCRIPT = options.script;
  const result = await execa(cli, options.args ?? ["-p", "prompt"], {
    cwd: options.cwd,
    env,
    extendEnv: false,
    stdin: "ignore",
    reject: false,
  });
  return {
    exitCode: result.exitCode,
    stdout: result.stdout,
    stderr: result.stderr,
    events: parseEvents(result.stdout),
  };
}

/** The JSON lines `SAMOCODE_SCRIPT_RECORD` collected, one per invocation. */
export async function readRecords(file: string): Promise<Record<string, unknown>[]> {
  return parseEvents(await readFile(file, "utf8"));
}

export type StartedFake = {
  child: ChildProcess;
  /** Everything read from stdout so far. */
  stdout: () => string;
  /** Resolves once stdout satisfies `predicate` (checked on every chunk). */
  waitForStdout: (predicate: (stdout: string) => boolean) => Promise<string>;
  /** Resolves with how the shim process itself ended (its pipes may stay open longer). */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
};

/**
 * Starts a shim in its own process group (as the runner does) for tests that watch output as it comes
 * or send signals; the whole group is SIGKILLed when the test ends.
 */
export function startFakeCli(cli: FakeCli, options: { cwd: string; script: string; env?: Env }): StartedFake {
  const env = withFakeProviders({ ...process.env, ...options.env, SAMOCODE_SCRIPT: options.script });
  const child = spawn(cli, ["-p", "prompt"], {
    cwd: options.cwd,
    env,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  onTestFinished(() => killGroup(child.pid));
  let stdout = "";
  const waiters = new Set<() => void>();
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
    for (const check of waiters) check();
  });
  child.stderr?.resume();
  const waitForStdout = (predicate: (text: string) => boolean) =>
    new Promise<string>((resolve, reject) => {
      const check = () => {
        if (!predicate(stdout)) return;
        waiters.delete(check);
        resolve(stdout);
      };
      waiters.add(check);
      child.once("error", reject);
      child.once("close", () =>
        reject(new Error(`${cli} ended before the expected output; stdout:\n${stdout}`)),
      );
      check();
    });
  const exited = once(child, "exit").then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  return { child, stdout: () => stdout, waitForStdout, exited };
}

/** SIGKILLs a process group, tolerating one that is already gone. */
export function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch (error) {
    if (!(error instanceof Error && "code" in error && error.code === "ESRCH")) throw error;
  }
}

/** Whether any process of the group is still alive (signal 0 only checks). */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ESRCH") return false;
    throw error;
  }
}
