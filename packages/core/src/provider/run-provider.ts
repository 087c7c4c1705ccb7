// The only spawner of provider CLIs: one attempt, bounded in time, its whole process group ended afterwards.
import type { ChildProcess } from "node:child_process";
import { SamocodeError } from "../errors.ts";
import { ioError } from "../io/fs-errors.ts";
import { AttemptOutput } from "./attempt-output.ts";
import { settledWithin } from "./bounded-wait.ts";
import { openAttemptLog } from "./log-file.ts";
import { signalGroup, sweepGroup } from "./process-group.ts";
import type { ProviderDefinition } from "./provider-definition.ts";
import type { ProviderRunRequest, ProviderRunResult, ProviderRunSummary } from "./provider-types.ts";
import { EMPTY_TOKENS } from "./provider-types.ts";
import { PROVIDERS } from "./providers.ts";
import { SummaryBuilder } from "./run-summary.ts";
import { type Spawned, spawnFailureReason, spawnProvider } from "./spawn-provider.ts";
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
 * Every outcome, including a missing executable, is a ProviderRunResult value. The exit code is always
 * reported as is; accepting a valid signal despite a non-zero exit is the loop's decision.
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
    // Not the provider's failure (retrying it would not help): the session's folder cannot take the log.
    throw ioError(`cannot open the attempt log ${request.logFile}`, error);
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
  const spawned = spawnProvider(invocation, request);
  const child = spawned.child;
  if (child?.pid === undefined) {
    const reason = await spawnFailureReason(spawned, frame.command[0] ?? "", request.cwd);
    await output.close();
    return { kind: "failed", reason, ...emptySummary(frame) };
  }
  const pgid = child.pid;
  try {
    return await superviseAttempt({ request, definition, frame, summary, output, spawned, child });
  } catch (error) {
    // A bug past this point must not leave the provider running unattended.
    signalGroup(pgid, "SIGKILL");
    throw error;
  }
}

interface Attempt {
  request: ProviderRunRequest;
  definition: ProviderDefinition;
  frame: Frame;
  summary: SummaryBuilder;
  output: AttemptOutput;
  spawned: Spawned;
  child: ChildProcess;
}

/** Waits for the exit (or ends the group), sweeps the group, drains the pipes, then sums up. */
async function superviseAttempt(attempt: Attempt): Promise<ProviderRunResult> {
  const { request, frame, output, child } = attempt;
  const pid = child.pid;
  if (pid === undefined || child.stdout === null || child.stderr === null) {
    throw new SamocodeError("internal", "a spawned provider must have a pid and piped stdout/stderr");
  }
  // With `detached` the child calls setsid(): it leads a new process group whose id is its pid.
  const pgid = pid;
  notifySpawn(request, frame, pid, pgid);
  output.attach(child.stdout, child.stderr);
  const { timeoutMs, killGraceMs, signal } = request;
  const ending = await superviseChild(child, pgid, { timeoutMs, killGraceMs, signal });
  const terminated = ending.terminatedAt !== undefined;
  const graceLeft = terminated ? (ending.terminatedAt ?? 0) + killGraceMs - Date.now() : killGraceMs;
  await sweepGroup(pgid, Math.max(0, graceLeft), terminated);
  const drainMs = request.drainMs ?? DEFAULT_DRAIN_MS;
  await output.drain(drainMs, drainMs * 4);
  await output.close();
  await settledWithin(attempt.spawned.settled, 1_000);
  const facts = attempt.summary.finish({
    exitCode: ending.kind === "exited" ? ending.exitCode : null,
    signal: ending.kind === "exited" ? ending.signal : null,
    stderrTail: output.stderrTail,
    ...(attempt.definition.errorKindForExit ? { errorKindForExit: attempt.definition.errorKindForExit } : {}),
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
  if (ending.kind !== "exited") return { kind: ending.kind, ...result };
  return { kind: "exited", exitCode: ending.exitCode, signal: ending.signal, ...result };
}

function notifySpawn(request: ProviderRunRequest, frame: Frame, pid: number, pgid: number): void {
  try {
    request.onSpawn?.({ pid, pgid });
  } catch (error) {
    // The attempt runs either way; a throwing listener is reported, not fatal.
    frame.notes.push(`onSpawn threw: ${(error as Error).message}`);
  }
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
