// Starts a provider CLI: no shell, its own process group, stdin never an open pipe, our env only.
import { type ChildProcess, spawn } from "node:child_process";
import { settledWithin } from "./bounded-wait.ts";
import { buildChildEnv } from "./child-env.ts";
import type { Invocation } from "./provider-definition.ts";
import type { ProviderRunRequest } from "./provider-types.ts";

export interface Spawned {
  /** Without a pid when the spawn failed (ENOENT, E2BIG, ...). */
  child: ChildProcess | undefined;
  /**
   * Never rejects: settles with the spawn error, or with undefined once the process exited and its pipes
   * closed (`close`). Awaited (bounded) after every attempt, so nothing is left floating.
   */
  settled: Promise<unknown>;
  error?: unknown;
}

/**
 * The prompt is one argv string or stdin text, never interpreted; `env` is exactly ours (scrubbed vars stay
 * out). Node's own spawn, not execa: on this path every millisecond between two attempts counts (issue 16),
 * and execa's setup costs a few per spawn while the runner uses none of its extras.
 */
export function spawnProvider(invocation: Invocation, request: ProviderRunRequest): Spawned {
  const env = buildChildEnv({
    base: request.env ?? process.env,
    sessionName: request.sessionName,
    sessionDir: request.sessionDir,
    extra: invocation.env,
  });
  let child: ChildProcess;
  try {
    child = spawn(invocation.command, invocation.args, {
      cwd: request.cwd,
      env,
      // Its own process group (setsid), so a timeout can end the CLI together with its tools.
      detached: true,
      stdio: [invocation.stdin === "ignore" ? "ignore" : "pipe", "pipe", "pipe"],
    });
  } catch (error) {
    // Thrown at once for what libuv refuses synchronously (E2BIG, a NUL byte in an argument).
    return { child: undefined, settled: Promise.resolve(error), error };
  }
  const settled = new Promise<unknown>((resolve) => {
    // `on`, not `once`: a later error (a failed kill) must not become an uncaught exception.
    child.on("error", resolve);
    child.once("close", () => resolve(undefined));
  });
  if (child.pid === undefined) {
    // ENOENT and friends arrive as an `error` event; the pipes Node made for the child are ours to close.
    for (const stream of [child.stdin, child.stdout, child.stderr]) stream?.destroy();
    return { child: undefined, settled };
  }
  if (invocation.stdin !== "ignore") {
    // A CLI that exits without reading its prompt makes this EPIPE; its exit code tells that story.
    child.stdin?.on("error", () => undefined);
    child.stdin?.end(invocation.stdin.text);
  }
  return { child, settled };
}

export async function spawnFailureReason(spawned: Spawned, command: string, cwd: string): Promise<string> {
  const done = spawned.error !== undefined || (await settledWithin(spawned.settled, 2_000));
  const outcome = spawned.error ?? (done ? await spawned.settled : undefined);
  const { code, message } = (outcome ?? {}) as Partial<NodeJS.ErrnoException>;
  const hint = code === "ENOENT" ? " (not found on PATH, or the working directory is missing)" : "";
  return `could not start ${command} in ${cwd}: ${message ?? code ?? "unknown error"}${hint}`;
}
