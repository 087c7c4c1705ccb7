// Finds a session's per-attempt provider logs and orders them as they ran: iteration, attempt, replay copy.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { SamocodeError } from "../errors.ts";
import { PHASES, type Phase } from "../phases/phase-names.ts";
import { isErrorCode } from "../session/json-file.ts";

export type AttemptLogFile = {
  path: string;
  name: string;
  iteration: number;
  phase: Phase;
  attempt: number;
  /** 1 for `iter-…-a2.jsonl`; 2, 3… for the numbered siblings a crash-replayed attempt writes. */
  copy: number;
};

const NAME = /^iter-(\d{4,})-([a-z]+)-a(\d+)(?:\.(\d+))?\.jsonl$/;

/** The parts of an attempt log's file name, or undefined for any other file. */
export function parseAttemptLogName(name: string): Omit<AttemptLogFile, "path"> | undefined {
  const match = NAME.exec(name);
  if (match === null) return undefined;
  const [, iteration, phase, attempt, copy] = match;
  if (!isPhase(phase)) return undefined;
  return {
    name,
    iteration: Number(iteration),
    phase,
    attempt: Number(attempt),
    copy: copy === undefined ? 1 : Number(copy),
  };
}

export function compareAttemptLogs(a: AttemptLogFile, b: AttemptLogFile): number {
  return a.iteration - b.iteration || a.attempt - b.attempt || a.copy - b.copy;
}

/** Every attempt log in `_logs/`, in run order; a missing folder (no attempt ran yet) is an empty list. */
export async function listAttemptLogs(logsDir: string): Promise<AttemptLogFile[]> {
  const names = await readdir(logsDir).catch((error: unknown) => {
    if (isErrorCode(error, "ENOENT", "ENOTDIR")) return [];
    throw new SamocodeError("io", `cannot list ${logsDir}`, { cause: error });
  });
  const files: AttemptLogFile[] = [];
  for (const name of names) {
    const parsed = parseAttemptLogName(name);
    if (parsed !== undefined) files.push({ ...parsed, path: join(logsDir, name) });
  }
  return files.sort(compareAttemptLogs);
}

function isPhase(value: string | undefined): value is Phase {
  return (PHASES as readonly (string | undefined)[]).includes(value);
}
