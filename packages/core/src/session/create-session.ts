// Creates a session folder with its first hook, overview, inbox and logs folder, all or nothing.
// The folder is built under a hidden staging name beside its final place and renamed into place, so
// nobody ever sees a session folder without its hook, and a crash leaves no half-made session.
import { lstat, mkdir, mkdtemp, realpath, rename, rm } from "node:fs/promises";
import { isAbsolute, join, relative, sep } from "node:path";
import { SamocodeError } from "../errors.ts";
import { refArgumentProblem } from "../git/ref-check.ts";
import { ioFailureReason, isErrorCode } from "../io/fs-errors.ts";
import { PHASES, type Phase } from "../phases/phase-names.ts";
import type { ProviderName } from "../provider/provider-names.ts";
import { withoutToolchain } from "../provider/toolchain-path.ts";
import { type AgentEnv, writeAgentEnv } from "./agent-env-file.ts";
import { HOOK_VERSION, type Hook, writeHook } from "./hook-file.ts";
import type { LoopRunner } from "./loop-runner.ts";
import { createOverview } from "./overview-file.ts";
import { openSessionFolder } from "./session-folders.ts";
import {
  type SessionNameResult,
  sessionFolderName,
  slugSessionName,
  validateSessionName,
} from "./session-name.ts";
import { sessionPaths } from "./session-paths.ts";
import type { SessionRef } from "./session-ref.ts";
import { INITIAL_STATE } from "./session-state.ts";

export type CreateSessionInput = {
  sessionsRoot: string;
  task: string;
  /** Slugged from the task when absent. */
  name?: string | undefined;
  dive?: string | null | undefined;
  provider: ProviderName;
  model?: string | null | undefined;
  autoApprove?: boolean | undefined;
  budgetUsd?: number | null | undefined;
  budgetTokens?: number | null | undefined;
  /** A child session goes to `<parent>/workers/<name>/` (no date prefix: the parent carries it). */
  parent?: SessionRef | null | undefined;
  worktree?: string | null | undefined;
  branch?: string | null | undefined;
  mainRepo?: string | null | undefined;
  /** Checked here only for what git must never see; whether it names a commit is `resolveBase`'s question. */
  baseRef?: string | null | undefined;
  /** What will run its loop: spawn hands it to PM2, `samocode run` keeps it in the terminal. */
  runner?: LoopRunner | undefined;
  /**
   * The user's environment for the agent (`_agent_env.json`); default: this process's PATH without
   * samocode's toolchain — the CLI that creates a session runs with the user's environment.
   */
  agentEnv?: AgentEnv | undefined;
  now?: Date | undefined;
};

export type CreateSessionResult =
  | { ok: true; session: SessionRef; hook: Hook }
  | {
      ok: false;
      reason: "invalid-name" | "invalid-task" | "invalid-base" | "exists" | "outside-root" | "bad-folder";
      message: string;
    };

export async function createSession(input: CreateSessionInput): Promise<CreateSessionResult> {
  const now = input.now ?? new Date();
  if (input.task.trim() === "") return { ok: false, reason: "invalid-task", message: "the task is empty" };
  const named: SessionNameResult =
    input.name === undefined ? slugSessionName(input.task) : validateSessionName(input.name);
  if (!named.ok) return { ok: false, reason: "invalid-name", message: named.reason };
  // The hook carries the base to the loop, which hands it to git: an option-like value must never get there.
  const baseProblem = input.baseRef == null ? undefined : refArgumentProblem(input.baseRef);
  if (baseProblem !== undefined) {
    const message = `the base ${JSON.stringify(input.baseRef)} ${baseProblem}`;
    return { ok: false, reason: "invalid-base", message };
  }
  const parent = input.parent ?? null;
  const folder = parent === null ? sessionFolderName(named.name, now) : named.name;
  const id = parent === null ? folder : `${parent.id}/${folder}`;
  const place = await placeInsideRoot(input.sessionsRoot, parent, folder);
  if (!place.ok) return place;
  if (await exists(place.target)) {
    return { ok: false, reason: "exists", message: `session ${id} already exists at ${place.target}` };
  }
  const staging = await mkdtemp(join(place.container, `.creating-${folder}-`));
  try {
    const hook = await writeHook(staging, firstHook(input, id, now));
    await createOverview(staging, {
      title: named.name,
      task: input.task,
      dive: hook.dive,
      phase: hook.phase,
      workingDir: hook.worktree,
      now,
    });
    await writeAgentEnv(staging, input.agentEnv ?? { PATH: withoutToolchain(process.env.PATH) });
    const paths = sessionPaths(staging);
    await mkdir(paths.inboxDelivered, { recursive: true });
    await mkdir(paths.logs);
    await rename(staging, place.target);
    return { ok: true, session: { id, dir: place.target }, hook };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (isErrorCode(error, "EEXIST", "ENOTEMPTY")) {
      return { ok: false, reason: "exists", message: `session ${id} already exists at ${place.target}` };
    }
    throw error;
  }
}

type Place =
  | { ok: true; container: string; target: string }
  | { ok: false; reason: "outside-root" | "bad-folder"; message: string };

// Real paths, so a symlinked parent or `workers/` cannot carry the new folder out of the root.
async function placeInsideRoot(
  sessionsRoot: string,
  parent: SessionRef | null,
  folder: string,
): Promise<Place> {
  await mkdir(sessionsRoot, { recursive: true });
  const root = await realpath(sessionsRoot);
  const parentDir = parent === null ? null : await realParent(parent);
  if (parentDir !== null && !isInside(root, parentDir)) {
    return {
      ok: false,
      reason: "outside-root",
      message: `parent session ${parentDir} is not inside ${root}`,
    };
  }
  let wanted = root;
  if (parentDir !== null) {
    // A parent's `workers` that is a symlink or a file is refused with the fix, never created through.
    try {
      wanted = await openSessionFolder(parentDir, "workers");
    } catch (error) {
      const problem = ioFailureReason(error);
      if (problem === undefined) throw error;
      return { ok: false, reason: "bad-folder", message: problem };
    }
  }
  const container = await realpath(wanted);
  const target = join(container, folder);
  if (!isInside(root, container) && container !== root) {
    return {
      ok: false,
      reason: "outside-root",
      message: `${target} would be outside the sessions folder ${root}`,
    };
  }
  return { ok: true, container, target };
}

async function realParent(parent: SessionRef): Promise<string> {
  try {
    return await realpath(parent.dir);
  } catch (error) {
    // The CLI resolves the parent first, so a missing folder here is a caller's bug or a removal race.
    throw new SamocodeError("session", `parent session ${parent.id} has no folder at ${parent.dir}`, {
      cause: error,
    });
  }
}

function isInside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== "" && !isAbsolute(rel) && rel.split(sep)[0] !== "..";
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) return false;
    throw new SamocodeError("io", `cannot check ${path}`, { cause: error });
  }
}

function firstHook(input: CreateSessionInput, id: string, now: Date): Hook {
  const at = now.toISOString();
  const dive = input.dive?.trim() ? input.dive.trim() : null;
  return {
    version: HOOK_VERSION,
    session: id,
    task: input.task,
    dive,
    provider: input.provider,
    model: input.model ?? null,
    autoApprove: input.autoApprove ?? false,
    createdAt: at,
    phase: "investigation",
    iteration: 0,
    phaseIterations: Object.fromEntries(PHASES.map((phase) => [phase, 0])) as Record<Phase, number>,
    ...INITIAL_STATE,
    attempt: null,
    nextAttempt: 1,
    conversationId: null,
    noSignalCount: 0,
    lastActivityAt: at,
    costUsd: 0,
    tokens: { input: 0, output: 0, cacheRead: 0, cacheWrite: 0 },
    epoch: 0,
    worktree: input.worktree ?? null,
    branch: input.branch ?? null,
    mainRepo: input.mainRepo ?? null,
    baseRef: input.baseRef ?? null,
    parent: input.parent?.id ?? null,
    planApprovedAt: null,
    pendingNotes: [],
    resumeConversationId: null,
    failedAttempts: 0,
    lastApplied: null,
    phaseAllowance: {},
    reportedOutcome: null,
    stalls: {},
    budgetUsd: input.budgetUsd ?? null,
    budgetTokens: input.budgetTokens ?? null,
    fleetBudgetWaivedUntil: null,
    idleContinues: 0,
    runner: input.runner ?? null,
    externalCostIds: [],
  };
}
