// Runs a real CLI binary directly (not through our runner), bounded: its process group is killed at the deadline.
import { spawn } from "node:child_process";

export interface CliRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  durationMs: number;
  killed: boolean;
}

export interface CliRunOptions {
  cwd: string;
  env: Record<string, string>;
  /** Safety net: SIGKILL to the whole group after this long. */
  killAfterMs: number;
}

/** stdin is ignored (codex waits for EOF on an open pipe and never starts). */
export function runCli(executable: string, args: string[], options: CliRunOptions): Promise<CliRun> {
  const started = Date.now();
  const child = spawn(executable, args, {
    cwd: options.cwd,
    env: options.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
  child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    killGroup(child.pid);
  }, options.killAfterMs);
  return new Promise((resolve, reject) => {
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (exitCode, signal) => {
      clearTimeout(timer);
      killGroup(child.pid); // nothing the CLI left behind outlives the run
      const stdout = Buffer.concat(out).toString("utf8");
      const stderr = Buffer.concat(err).toString("utf8");
      resolve({ exitCode, signal, stdout, stderr, durationMs: Date.now() - started, killed });
    });
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ESRCH") throw error;
  }
}

/** The JSON objects of a JSONL stream (non-JSON lines, e.g. a stray warning, are skipped). */
export function jsonLines(stdout: string): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  for (const line of stdout.split("\n")) {
    if (!line.startsWith("{")) continue;
    events.push(JSON.parse(line) as Record<string, unknown>);
  }
  return events;
}
