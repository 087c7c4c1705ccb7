// `_hook.json`: the authoritative machine state of a session, its schema and its only reader/writer.
import { z } from "zod";
import { writeJsonAtomically } from "../atomic-write.ts";
import { PHASES } from "../phases/phase-names.ts";
import { PROVIDER_NAMES } from "../provider/provider-names.ts";
import { WAITING_FOR } from "../signals/signal-schema.ts";
import { readJsonFile, readTextOrNull, requireValid } from "./json-file.ts";
import { serializeWrites } from "./serial-writes.ts";
import { sessionPaths } from "./session-paths.ts";

export const HOOK_STATES = [
  /** worker: at creation, and whenever the loop goes on (after an accepted continue/handoff, a
   * satisfied gate, the end of a pause, a resume by the CLI). */
  "running",
  /** worker: on an accepted `waiting` signal; `waitingFor` says on what. */
  "waiting",
  /** worker: on a `blocked` signal, a rejected signal, too many runs without a signal, an iteration
   * limit, a worktree escape or too many stalls; supervisor: on a crash loop. `blockedReason` says why. */
  "blocked",
  /** worker: on an accepted `done` signal in phase done. */
  "done",
  /** worker: when the retries of a provider attempt are exhausted. */
  "failed",
  /** worker: on a usage/rate limit with a reset time (`pausedUntil`); supervisor: on a budget or fleet
   * budget (`pausedUntil` null until the budget is raised). */
  "paused",
] as const;
export type HookState = (typeof HOOK_STATES)[number];

const timestamp = z.iso.datetime({ offset: true });
const count = z.number().int().nonnegative();

export const TokensSchema = z.object({ input: count, output: count, cacheRead: count, cacheWrite: count });
export type Tokens = z.infer<typeof TokensSchema>;

/** The provider attempt in flight; written before the spawn (pid null) so a crash right after it is seen. */
export const AttemptSchema = z.object({
  iteration: z.number().int().positive(),
  attempt: z.number().int().positive(),
  phase: z.enum(PHASES),
  startedAt: timestamp,
  pid: z.number().int().positive().nullable(),
  pgid: z.number().int().positive().nullable(),
  logFile: z.string().min(1),
});
export type Attempt = z.infer<typeof AttemptSchema>;

export const HookSchema = z.object({
  /** The session id: its folder name, `<parent id>/<child folder>` for a child session. */
  session: z.string().min(1),
  task: z.string(),
  dive: z.string().nullable(),
  provider: z.enum(PROVIDER_NAMES),
  model: z.string().nullable(),
  autoApprove: z.boolean(),
  createdAt: timestamp,
  phase: z.enum(PHASES),
  /** Accepted iterations in total; rejected signals and retried attempts do not count. */
  iteration: count,
  phaseIterations: z.record(z.enum(PHASES), count),
  state: z.enum(HOOK_STATES),
  /** Same set as the `waiting` signal's `for`; cleared by the worker when it goes on. */
  waitingFor: z.enum(WAITING_FOR).nullable(),
  blockedReason: z.string().nullable(),
  pausedUntil: timestamp.nullable(),
  attempt: AttemptSchema.nullable(),
  /** Keeps counting across crashes and retries so attempt log files are never overwritten. */
  nextAttempt: z.number().int().positive(),
  conversationId: z.string().nullable(),
  noSignalCount: count,
  lastActivityAt: timestamp,
  costUsd: z.number().nonnegative(),
  tokens: TokensSchema,
  /** Bumped on every write, so a reader can tell that the state changed. */
  epoch: count,
  /** Null until the git adapter has created the worktree; the worker creates it when null. */
  worktree: z.string().nullable(),
  branch: z.string().nullable(),
  mainRepo: z.string().nullable(),
  baseRef: z.string().nullable(),
  /** The parent session id for a child session under `<parent>/workers/`. */
  parent: z.string().nullable(),
  /** worker: set when a human approves the plan (or auto-approve moves past the gate). */
  planApprovedAt: timestamp.nullable().default(null),
  /** worker: things the next prompt must tell the agent (no signal last time, an interrupted attempt,
   * a rejected plan); kept here so they survive a crash, cleared once an iteration is applied. */
  pendingNotes: z.array(z.string()).default([]),
  /** worker: a conversation to resume on the next attempt (an attempt cut short by a crash or stall). */
  resumeConversationId: z.string().nullable().default(null),
  /** worker: consecutive failed provider attempts, for the retry budget. */
  failedAttempts: count.default(0),
  /** worker: the iteration whose hook change was committed; the rest of its work (history row, overview,
   * inbox delivery) is finished from here after a crash. `row` is a HistoryRow, checked where it is used. */
  lastApplied: z
    .object({
      iteration: count,
      attempt: z.number().int().positive(),
      row: z.json(),
      deliveredIds: z.array(z.string()),
      flowLogLine: z.string().nullable(),
    })
    .nullable()
    .default(null),
  /** worker: extra iterations per phase a human granted by acting on a session whose phase budget was
   * spent (resume, answers, a plan decision); the limit applies to phaseIterations minus these. */
  phaseAllowance: z.partialRecord(z.enum(PHASES), count).default({}),
  /** worker: the settled outcome (`state:iteration`) last delivered to the parent's inbox, so a restart
   * does not report it again. */
  reportedOutcome: z.string().nullable().default(null),
  /** worker: stalls counted per phase (an attempt the supervisor ended for lack of activity). */
  stalls: z.partialRecord(z.enum(PHASES), count).default({}),
  /** supervisor/CLI budgets (issue 6); null when unlimited. */
  budgetUsd: z.number().positive().nullable().default(null),
  budgetTokens: z.number().int().positive().nullable().default(null),
  /** worker: a human resumed this session past the fleet's daily budget; until this time (the end of the
   * supervisor's day) the fleet cap no longer pauses it. */
  fleetBudgetWaivedUntil: timestamp.nullable().default(null),
  /** worker: `continue` iterations in a row that changed no file and made no commit (SPEC §10: N of them
   * count as a stall). */
  idleContinues: count.default(0),
});
export type Hook = z.infer<typeof HookSchema>;

export type HookReadResult =
  | { ok: true; hook: Hook }
  | { ok: false; reason: "missing"; message: string }
  | { ok: false; reason: "invalid"; message: string; issues: string[] };

export async function readHook(sessionDir: string): Promise<HookReadResult> {
  const result = await readJsonFile(sessionPaths(sessionDir).hook, HookSchema);
  return result.ok ? { ok: true, hook: result.value } : result;
}

/** Writes atomically with an epoch above both the given and the stored one; returns what was written. */
export async function writeHook(sessionDir: string, hook: Hook): Promise<Hook> {
  return serializeWrites(sessionPaths(sessionDir).hook, () => writeNow(sessionDir, hook));
}

/** Read-modify-write; a missing or invalid hook is returned as is and nothing is written. */
export async function updateHook(sessionDir: string, change: (hook: Hook) => Hook): Promise<HookReadResult> {
  return serializeWrites(sessionPaths(sessionDir).hook, async () => {
    const current = await readHook(sessionDir);
    if (!current.ok) return current;
    return { ok: true, hook: await writeNow(sessionDir, change(current.hook)) };
  });
}

async function writeNow(sessionDir: string, hook: Hook): Promise<Hook> {
  const valid = requireValid(HookSchema, hook, "hook");
  const epoch = Math.max(await storedEpoch(sessionDir), valid.epoch) + 1;
  const next = { ...valid, epoch };
  await writeJsonAtomically(sessionPaths(sessionDir).hook, next);
  return next;
}

/**
 * The stored hook's epoch, without validating the rest (it is replaced whole): the loop writes the hook
 * several times an iteration, and this read is on its path. 0 when there is none or it cannot be parsed.
 */
async function storedEpoch(sessionDir: string): Promise<number> {
  const text = await readTextOrNull(sessionPaths(sessionDir).hook);
  try {
    const epoch: unknown = text === null ? 0 : (JSON.parse(text) as { epoch?: unknown }).epoch;
    return typeof epoch === "number" && Number.isSafeInteger(epoch) && epoch > 0 ? epoch : 0;
  } catch {
    return 0;
  }
}
