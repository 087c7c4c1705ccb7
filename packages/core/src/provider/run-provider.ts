// The only spawner of provider CLIs: one attempt, bounded in time, its whole process group ended afterwards.
import type { ChildProcess } from "node:child_process";
import { execa } from "execa";
import { SamocodeError } from "../errors.ts";
import { AttemptOutput } from "./attempt-output.ts";
import { settledWithin } from "./bounded-wait.ts";
import { buildChildEnv } from "./child-env.ts";
import { openAttemptLog } from "./log-file.ts";
import { sweepGroup } from "./process-group.ts";
import type { Invocation } from "./provider-definition.ts";
import type { ProviderRunRequest, ProviderRunResult, ProviderRunSummary } from "./provider-types.ts";
import { EMPTY_TOKENS } from "./provider-types.ts";
import { PROVIDERS } from "./providers.ts";
import { SummaryBuilder } from "./run-summary.ts";
import { superviseChild } from "./supervise-child.ts";

const DEFAULT_DRAIN_MS = 500;
const DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;

interface Frame {
  command: string[];
  notes: string[];
  logFile: string;
  startedAt: number;
}

/**
 * Never rejects: every outcome, including a missing executable, is a ProviderRunResult. The exit code is
 * always reported as is; accepting a valid signal despite a non-zero exit is the loop's decision.
 */
export async function runProvider(request: ProviderRunRequest): Promise<ProviderRunResult> {
  const definition = PROVIDERS[request.provider];
  const invocation = definition.buildInvocation(request, { isRoot: process.getuid?.() === 0 });
  const frame: Frame = {
    command: [invocation.command, ...invocation.display],
    notes: [...invocation.notes],
    logFile: request.logFile,
    startedAt: performance.now(),
  };
  if (request.signal?.aborted) return { kind: "cancelled", ...emptySummary(frame) };
  let log: Awaited<ReturnType<typeof openAttemptLog>>;
  try {
    log = await openAttemptLog(request.logFile);
  } catch (error) {
    return {
      kind: "failed",
      reason: `cannot open the log file ${request.logFile}: ${text(error)}`,
      ...emptySummary(frame),
    };
  }
  frame.logFile = log.path;
  const summary = new SummaryBuilder();
  const output = new AttemptOutput({
    log: log.stream,
    parser: definition.createParser(),
    summary,
    onEvent: request.onEvent,
    maxLineBytes: request.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
  });
  const spawned = spawn(invocation, request);
  const child = spawned.child;
  if (child?.pid === undefined) {
    const reason = await spawnFailure(spawned, frame.command[0] ?? "", request.cwd);
    await output.close();
    return { kind: "failed", reason, ...emptySummary(frame) };
  }
  const pid = child.pid;
  if (child.stdout === null || child.stderr === null) {
    throw new SamocodeError("internal", "a spawned provider must have a pid and piped stdout/stderr");
  }
  // With `detached` the child calls setsid(): it leads a new process group whose id is its pid.
  const pgid = pid;
  request.onSpawn?.({ pid, pgid });
  output.attach(child.stdout, child.stderr);
  const ending = await superviseChild(child, pgid, {
    timeoutMs: request.timeoutMs,
    killGraceMs: request.killGraceMs,
    signal: request.signal,
  });
  const terminated = ending.terminatedAt !== undefined;
  const graceLeft = terminated
    ? (ending.terminatedAt ?? 0) + request.killGraceMs - Date.now()
    : request.killGraceMs;
  await sweepGroup(pgid, Math.max(0, graceLeft), terminated);
  const drainMs = request.drainMs ?? DEFAULT_DRAIN_MS;
  await output.drain(drainMs, drainMs * 4);
  await output.close();
  await settledWithin(spawned.settled, 1_000);
  const facts = summary.finish({
    exitCode: ending.kind === "exited" ? ending.exitCode : null,
    signal: ending.kind === "exited" ? ending.signal : null,
    stderrTail: output.stderrTail,
    ...(definition.errorKindForExit === undefined ? {} : { errorKindForExit: definition.errorKindForExit }),
  });
  const result: ProviderRunSummary = {
    ...facts,
    stderrTail: output.stderrTail,
    durationMs: Math.round(performance.now() - frame.startedAt),
    pid,
    pgid,
    oversizedLines: output.oversizedLines,
    command: frame.command,
    logFile: frame.logFile,
    notes: [...frame.notes, ...output.notes],
  };
  if (ending.kind === "exited")
    return { kind: "exited", exitCode: ending.exitCode, signal: ending.signal, ...result };
  return { kind: ending.kind, ...result };
}

interface Spawned {
  child: ChildProcess | undefined;
  /** The execa promise, never rejecting: awaited (bounded) so nothing is left floating. */
  settled: Promise<unknown>;
  error?: unknown;
}

/** No shell: the prompt is one argv string (or stdin text) and is never interpreted. */
function spawn(invocation: Invocation, request: ProviderRunRequest): Spawned {
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

async function spawnFailure(spawned: Spawned, command: string, cwd: string): Promise<string> {
  const done = spawned.error !== undefined || (await settledWithin(spawned.settled, 2_000));
  const outcome = spawned.error ?? (done ? await spawned.settled : undefined);
  const { code, originalMessage, message } = (outcome ?? {}) as Partial<NodeJS.ErrnoException> & {
    originalMessage?: string;
  };
  const hint = code === "ENOENT" ? " (not found on PATH, or the working directory is missing)" : "";
  return `could not start ${command} in ${cwd}: ${originalMessage ?? message ?? code ?? "unknown error"}${hint}`;
}

function emptySummary(frame: Frame): ProviderRunSummary {
  return {
    tokens: EMPTY_TOKENS,
    isError: false,
    stderrTail: "",
    durationMs: Math.round(performance.now() - frame.startedAt),
    eventCount: 0,
    oversizedLines: 0,
    command: frame.command,
    logFile: frame.logFile,
    notes: frame.notes,
  };
}

function text(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
