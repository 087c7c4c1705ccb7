// Integration-test setup: a temp worktree, a script for the fake CLIs on PATH, and a request that runs it.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { onTestFinished } from "vitest";
import {
  killGroup,
  readRecords,
  withFakeProviders,
  writeScript,
} from "../../../../../tests/fake-provider/fake-provider.ts";
import { makeTempDir } from "../../../../../tests/helpers/temp-dir.ts";
import { liveGroupMembers } from "../process-group.ts";
import type { ProviderEvent, ProviderRunRequest } from "../provider-types.ts";

export interface ScriptedAttempt {
  dir: string;
  record: string;
  events: ProviderEvent[];
  request: ProviderRunRequest;
  /** What each invocation of the fake CLI received (argv, cwd, env, stdin, pid, pgid). */
  records(): Promise<Record<string, unknown>[]>;
}

/** One run of steps; `overrides` replace request fields (the env keeps the shims on PATH). */
export async function scriptedAttempt(
  steps: unknown[],
  overrides: Partial<ProviderRunRequest> = {},
): Promise<ScriptedAttempt> {
  const dir = await makeTempDir("samo-attempt-");
  const script = await writeScript(dir, { runs: [steps] });
  const record = join(dir, "record.jsonl");
  const events: ProviderEvent[] = [];
  const env = withFakeProviders({ ...process.env, SAMOCODE_SCRIPT: script, SAMOCODE_SCRIPT_RECORD: record });
  onTestFinished(async () => {
    // A runner bug must not leave sleepers behind: kill every group the fake CLI reported.
    const records = await readRecords(record).catch(() => []);
    for (const { pgid } of records) if (typeof pgid === "number") killGroup(pgid);
  });
  const request: ProviderRunRequest = {
    provider: "claude",
    prompt: "Do the next step.",
    systemPrompt: "# Workflow",
    cwd: dir,
    sessionDir: join(dir, "session"),
    sessionName: "demo",
    timeoutMs: 30_000,
    killGraceMs: 1_000,
    logFile: join(dir, "session", "_logs", "iter-0001-investigation-a1.jsonl"),
    env,
    onEvent: (event) => events.push(event),
    ...overrides,
  };
  return { dir, record, events, request, records: () => readRecords(record) };
}

export async function readText(path: string): Promise<string> {
  return readFile(path, "utf8");
}

/** True when no process of the group still runs (zombies left by a non-reaping PID 1 count as gone). */
export async function groupGone(pgid: number | undefined): Promise<boolean> {
  if (pgid === undefined) throw new Error("the result has no pgid");
  return (await liveGroupMembers(pgid)).length === 0;
}
