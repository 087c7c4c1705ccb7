// Starts a provider CLI: no shell, its own process group, stdin never an open pipe, our env only.
import type { ChildProcess } from "node:child_process";
import { execa } from "execa";
import { settledWithin } from "./bounded-wait.ts";
import { buildChildEnv } from "./child-env.ts";
import type { Invocation } from "./provider-definition.ts";
import type { ProviderRunRequest } from "./provider-types.ts";

export interface Spawned {
  /** Without a pid when the spawn failed (ENOENT, E2BIG, ...). */
  child: ChildProcess | undefined;
  /** execa's promise, turned non-rejecting; awaited (bounded) so nothing is left floating. */
  settled: Promise<unknown>;
  error?: unknown;
}

/** The prompt is one argv string or stdin text, never interpreted; `extendEnv: false` keeps scrubbed vars out. */
export function spawnProvider(invocation: Invocation, request: ProviderRunRequest): Spawned {
  const env = buildChildEnv({
    base: request.env ?? process.env,
    sessionName: request.sessionName,
    sessionDir: request.sessionDir,
    extra: invocation.env,
  });
  try {
    const subprocess = execa(invocation.command, invocation.args, {
      cwd: request.cwd,
      env,
      extendEnv: false,
      // Its own process group (setsid), so a timeout can end the CLI together with its tools.
      detached: true,
      cleanup: false,
      buffer: false,
      reject: false,
      forceKillAfterDelay: false,
      encoding: "buffer",
      ...(invocation.stdin === "ignore" ? { stdin: "ignore" as const } : { input: invocation.stdin.text }),
      stdout: "pipe",
      stderr: "pipe",
    });
    const settled = subprocess.then(
      (value) => value,
      (error: unknown) => error,
    );
    return { child: subprocess.nodeChildProcess, settled };
  } catch (error) {
    return { child: undefined, settled: Promise.resolve(error), error };
  }
}

export async function spawnFailureReason(spawned: Spawned, command: string, cwd: string): Promise<string> {
  const done = spawned.error !== undefined || (await settledWithin(spawned.settled, 2_000));
  const outcome = spawned.error ?? (done ? await spawned.settled : undefined);
  const { code, originalMessage, message } = (outcome ?? {}) as Partial<NodeJS.ErrnoException> & {
    originalMessage?: string;
  };
  const hint = code === "ENOENT" ? " (not found on PATH, or the working directory is missing)" : "";
  return `could not start ${command} in ${cwd}: ${originalMessage ?? message ?? code ?? "unknown error"}${hint}`;
}
