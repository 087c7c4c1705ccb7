// `_hook.json`: the authoritative machine state of a session, its schema and its only reader/writer.
import { z } from "zod";
import { writeJsonAtomically } from "../atomic-write.ts";
import { readBoundedFile } from "../io/bounded-file.ts";
import { parseJsonBounded } from "../io/bounded-json.ts";
import { PHASES } from "../phases/phase-names.ts";
import { PROVIDER_NAMES } from "../provider/provider-names.ts";
import { WAITING_FOR } from "../signals/signal-schema.ts";
import { readJsonFile, requireValid } from "./json-file.ts";
import { serializeWrites } from "./serial-writes.ts";
import { sessionPaths } from "./session-paths.ts";
import { SESSION_STATES, STATE_CAUSES, type StateCause, stateFieldsProblem } from "./session-state.ts";

/** The version `writeHook` writes; older hooks are upgraded on read (`upgradeHook`). */
export const HOOK_VERSION = 2;
/** A hook carries at most a 1 MiB signal (in `lastApplied`); one far bigger is not ours. */
const MAX_HOOK_BYTES = 8 * 1024 * 1024;

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

const HookObjectSchema = z.object({
  version: z.literal(HOOK_VERSION),
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
  /** The state fields belong to session-state.ts: only its transitions write them. */
  state: z.enum(SESSION_STATES),
  /** Why the session is paused, blocked or failed; null in the other states. Code branches on this. */
  cause: z.enum(STATE_CAUSES).nullable(),
  /** The sentence for a person: why it is paused, blocked or failed, or the agent's reason for a wait. */
  reason: z.string().nullable(),
  /** Same set as the `waiting` signal's `for`; set only while waiting. */
  waitingFor: z.enum(WAITING_FOR).nullable(),
  /** Set only for a quota pause: when it resumes by itself. */
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
  /** The loop that last ran the session: `pm2` (its worker) or `terminal` (`samocode run`); written by that
   * loop when it starts, and by spawn/run at creation. Null in hooks older than this field. */
  runner: z.enum(["pm2", "terminal"]).nullable().default(null),
  /** worker: the `_external_costs.jsonl` rows (external reviews) already added to costUsd and tokens. */
  externalCostIds: z.array(z.string()).default([]),
});

export const HookSchema = z.preprocess(
  upgradeHook,
  HookObjectSchema.superRefine((hook, ctx) => {
    const problem = stateFieldsProblem(hook);
    if (problem !== undefined) ctx.addIssue({ code: "custom", path: ["state"], message: problem });
  }),
);
export type Hook = z.infer<typeof HookObjectSchema>;

/**
 * Version 1 (before the state machine) kept why a session stopped only as prose in `blockedReason`; its
 * cause is recovered from the sentences that version wrote. Anything else passes through to the schema.
 */
export function upgradeHook(raw: unknown): unknown {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw) || "version" in raw) return raw;
  const { blockedReason, ...rest } = raw as Record<string, unknown>;
  const text = typeof blockedReason === "string" ? blockedReason : null;
  const state = rest.state;
  const stopped = state === "paused" || state === "blocked" || state === "failed";
  return {
    ...rest,
    version: HOOK_VERSION,
    cause: stopped ? legacyCause(state, text ?? "", rest.pausedUntil) : null,
    reason: stopped ? (text ?? "no reason recorded") : null,
  };
}

const LEGACY_BLOCKS: ReadonlyArray<[RegExp, StateCause]> = [
  [/^crash-loop/, "crash-loop"],
  [/^signal rejected:/, "signal-rejected"],
  [/runs in a row ended without a signal/, "no-signal"],
  [/^stalled \d+ times/, "stalled"],
  [/^phase iteration limit reached/, "phase-limit"],
  [/^the agent changed the main checkout/, "escape"],
  [/^cannot create the worktree/, "worktree"],
  [/^prompt files are broken/, "prompt-broken"],
  [/^authentication failed|^cannot (start|run)|not found/, "provider-unusable"],
];

function legacyCause(state: "paused" | "blocked" | "failed", text: string, pausedUntil: unknown): StateCause {
  if (state === "failed") return "provider-failed";
  if (state === "paused") {
    if (typeof pausedUntil === "string") return "quota";
    if (text.startsWith("fleet budget reached")) return "fleet-budget";
    return text.toLowerCase().startsWith("budget") ? "budget" : "human";
  }
  return LEGACY_BLOCKS.find(([pattern]) => pattern.test(text))?.[1] ?? "agent";
}

export type HookReadResult =
  | { ok: true; hook: Hook }
  | { ok: false; reason: "missing"; message: string }
  | { ok: false; reason: "invalid"; message: string; issues: string[] };

export async function readHook(sessionDir: string): Promise<HookReadResult> {
  const result = await readJsonFile(sessionPaths(sessionDir).hook, HookSchema, { maxBytes: MAX_HOOK_BYTES });
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
  const path = sessionPaths(sessionDir).hook;
  const read = await readBoundedFile(path, { maxBytes: MAX_HOOK_BYTES, label: path });
  if (read.kind !== "ok") return 0;
  const json = parseJsonBounded(read.bytes.toString("utf8"), path);
  const epoch: unknown = json.ok && isRecord(json.value) ? json.value.epoch : 0;
  return typeof epoch === "number" && Number.isSafeInteger(epoch) && epoch > 0 ? epoch : 0;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
