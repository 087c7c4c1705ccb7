// Every path inside a session folder, and the names of per-attempt logs and agent artifacts.
import { join } from "node:path";
import { SamocodeError } from "../errors.ts";
import type { Phase } from "../phases/phase-names.ts";

/** The one spelling of every name in a session folder; everything else builds paths from these. */
export const SESSION_FILES = {
  hook: "_hook.json",
  overview: "_overview.md",
  signal: "_signal.json",
  signalHistory: "_signal_history.jsonl",
  qa: "_qa.md",
  inbox: "_inbox",
  delivered: "delivered",
  handoff: "_handoff.json",
  lease: "_lease.json",
  decision: "_decision.json",
  stall: "_stall.json",
  logs: "_logs",
  workerLog: "worker.log",
  pm2Out: "pm2-out.log",
  pm2Err: "pm2-err.log",
  attemptGroup: "attempt.pgid",
  externalCosts: "_external_costs.jsonl",
  agentEnv: "_agent_env.json",
  workers: "workers",
  spaceReserve: "space.reserve",
} as const;

export type SessionPaths = {
  dir: string;
  /** Only the path: session/hook-file.ts owns every read and write of it (state: session-state.ts). */
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
  /** Human decisions the loop applies (gates/decision-file.ts). */
  decision: string;
  /** The supervisor's record of a stalled attempt (loop/stall.ts). */
  stall: string;
  logs: string;
  workerLog: string;
  /** The PM2 worker's stdout and stderr (PM2 writes them; their presence says PM2 has run the session). */
  pm2Out: string;
  pm2Err: string;
  /** The attempt in flight's process group (loop/attempt-group.ts). */
  attemptGroup: string;
  /** What provider runs outside the loop cost (session/external-cost-file.ts owns every read and write). */
  externalCosts: string;
  /** The user's environment for the agent, recorded at creation (session/agent-env-file.ts owns it). */
  agentEnv: string;
  /** Child sessions: `<dir>/workers/<name>/`. */
  workers: string;
  /** Space the loop keeps in `_logs/` and gives up to record a blocked state on a full disk (space-reserve.ts). */
  spaceReserve: string;
};

export function sessionPaths(dir: string): SessionPaths {
  const f = SESSION_FILES;
  const inbox = join(dir, f.inbox);
  const logs = join(dir, f.logs);
  return {
    dir,
    hook: join(dir, f.hook),
    overview: join(dir, f.overview),
    signal: join(dir, f.signal),
    signalHistory: join(dir, f.signalHistory),
    qa: join(dir, f.qa),
    inbox,
    inboxDelivered: join(inbox, f.delivered),
    handoff: join(dir, f.handoff),
    lease: join(dir, f.lease),
    decision: join(dir, f.decision),
    stall: join(dir, f.stall),
    logs,
    workerLog: join(logs, f.workerLog),
    pm2Out: join(logs, f.pm2Out),
    pm2Err: join(logs, f.pm2Err),
    attemptGroup: join(logs, f.attemptGroup),
    externalCosts: join(dir, f.externalCosts),
    agentEnv: join(dir, f.agentEnv),
    workers: join(dir, f.workers),
    spaceReserve: join(logs, f.spaceReserve),
  };
}

/** The main checkout as it was before an attempt, for the escape check after a crash (loop/attempt-group.ts). */
export function checkoutSnapshotPath(dir: string, attempt: number): string {
  return join(dir, SESSION_FILES.logs, `attempt-${attempt}.checkout.json`);
}

/** Where the loop moves a decision it takes, so one written meanwhile is left for the next look. */
export function claimedDecisionPath(dir: string, at: number, pid: number): string {
  return join(dir, SESSION_FILES.logs, `decision-${at}-${pid}.json`);
}

/** Beside the sessions in SESSIONS: samocode's own folders, never a session (their names start with `_`). */
export type SessionsRootPaths = {
  /** What the supervisor records about this project: its events (crash loops, convoys). */
  supervisor: string;
  /** `<id>.json` per convoy. */
  convoys: string;
  /** Sessions `samocode rm` archived; what they spent today still counts. */
  archive: string;
};

export function sessionsRootPaths(root: string): SessionsRootPaths {
  return {
    supervisor: join(root, "_supervisor"),
    convoys: join(root, "_convoys"),
    archive: join(root, "_archive"),
  };
}

/** `iter-<NNNN>-<phase>-a<attempt>.jsonl`: one raw provider stream per attempt, never overwritten. */
export function attemptLogName(iteration: number, phase: Phase, attempt: number): string {
  requireCount("iteration", iteration, 0);
  requireCount("attempt", attempt, 1);
  return `iter-${String(iteration).padStart(4, "0")}-${phase}-a${attempt}.jsonl`;
}

/** The method's artifacts (plugin/skills): solution and comparison come from dual-agent implementation. */
export const ARTIFACT_KINDS = [
  "dive",
  "requirements",
  "plan",
  "solution",
  "comparison",
  "test-report",
  "cleanup",
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
