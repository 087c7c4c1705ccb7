// Every path inside a session folder, and the names of per-attempt logs and agent artifacts.
import { join } from "node:path";
import { SamocodeError } from "../errors.ts";
import type { Phase } from "../phases/phase-names.ts";

export type SessionPaths = {
  dir: string;
  hook: string;
  overview: string;
  /** Only the path: signals/signal-file.ts owns every read and write of it. */
  signal: string;
  signalHistory: string;
  qa: string;
  inbox: string;
  inboxDelivered: string;
  handoff: string;
  lease: string;
  logs: string;
  workerLog: string;
  /** Child sessions: `<dir>/workers/<name>/`. */
  workers: string;
};

export function sessionPaths(dir: string): SessionPaths {
  const inbox = join(dir, "_inbox");
  const logs = join(dir, "_logs");
  return {
    dir,
    hook: join(dir, "_hook.json"),
    overview: join(dir, "_overview.md"),
    signal: join(dir, "_signal.json"),
    signalHistory: join(dir, "_signal_history.jsonl"),
    qa: join(dir, "_qa.md"),
    inbox,
    inboxDelivered: join(inbox, "delivered"),
    handoff: join(dir, "_handoff.json"),
    lease: join(dir, "_lease.json"),
    logs,
    workerLog: join(logs, "worker.log"),
    workers: join(dir, "workers"),
  };
}

/** `iter-<NNNN>-<phase>-a<attempt>.jsonl`: one raw provider stream per attempt, never overwritten. */
export function attemptLogName(iteration: number, phase: Phase, attempt: number): string {
  requireCount("iteration", iteration, 0);
  requireCount("attempt", attempt, 1);
  return `iter-${String(iteration).padStart(4, "0")}-${phase}-a${attempt}.jsonl`;
}

export const ARTIFACT_KINDS = [
  "dive",
  "requirements",
  "plan",
  "test-report",
  "quality-review",
  "summary",
] as const;
export type ArtifactKind = (typeof ARTIFACT_KINDS)[number];

const ARTIFACT_SLUG_MAX = 40;

/** `<MM-DD-HHMM>-<kind>-<slug>.md` in local time; no `:` so the names work on every filesystem. */
export function artifactName(kind: ArtifactKind, slug: string, date: Date = new Date()): string {
  const two = (value: number): string => String(value).padStart(2, "0");
  const stamp = `${two(date.getMonth() + 1)}-${two(date.getDate())}-${two(date.getHours())}${two(date.getMinutes())}`;
  const clean = slug
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, ARTIFACT_SLUG_MAX)
    .replace(/-+$/, "");
  return clean === "" ? `${stamp}-${kind}.md` : `${stamp}-${kind}-${clean}.md`;
}

function requireCount(what: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new SamocodeError("internal", `${what} must be an integer >= ${min}, got ${value}`);
  }
}
