// What a human can do to a session — answer, approve, reject, resume, send, stop, and the status line —
// in one place for the CLI and Telegram: the same checks, the same words, and one way to reach the loop
// afterwards. A loop that runs picks the change up by itself; a PM2 session whose worker is gone gets it
// back; a session last run in a terminal never gets a PM2 worker implicitly — the reply names the command.
import { applyDecision, decisionRefusal, type GateWait } from "../gates/apply-decision.ts";
import { type DecisionAction, leaveDecision } from "../gates/decision-file.ts";
import { openQuestionCount } from "../gates/wait-check.ts";
import { ioFailureReason } from "../io/fs-errors.ts";
import {
  acquireLease,
  describeLeaseHolder,
  inspectLease,
  type LeaseHolder,
  type LeaseVerdict,
} from "../loop/lease.ts";
import { delay } from "../provider/bounded-wait.ts";
import { type Hook, type HookReadResult, readHook, updateHook } from "../session/hook-file.ts";
import { sendMessage } from "../session/inbox.ts";
import { runnerOf } from "../session/loop-runner.ts";
import { readQa, setAnswers } from "../session/qa-file.ts";
import { sessionPaths } from "../session/session-paths.ts";
import { listSessions, resolveSessionRef, type SessionRef } from "../session/session-ref.ts";
import { describeState, pause, wantsLoop } from "../session/session-state.ts";
import { type AnswerEntry, resolveAnswers } from "./answer-grammar.ts";

/** How a session's PM2 worker is reached; the supervision package implements it (core never imports pm2). */
export type LoopControl = {
  /** Starts the session's PM2 worker, or finds it running. */
  startWorker(session: SessionRef): Promise<{ app: string; started: boolean }>;
  /** Stops the session's live PM2 workers; whether there was one. Never starts a PM2 daemon. */
  stopWorkers(session: SessionRef): Promise<boolean>;
};

export type ActionEnv = {
  sessionsRoot: string;
  control: LoopControl;
  /** SAMOCODE_KILL_GRACE: how long a stopping loop gets to end its provider, before a stop gives up. */
  killGraceMs: number;
  /** Who acts, as the decision and messages record it. */
  from?: string;
  /** The session the acting process belongs to (an agent's SAMOCODE_SESSION): it may not pass its own gate. */
  actingSession?: string | undefined;
  /**
   * How replies name samocode in the commands they suggest (config/hint-command.ts): `samocode`, or
   * `samocode --config <path>` for a CLI run outside its project; default `samocode`.
   */
  command?: string | undefined;
};

export type ActionResult =
  | { ok: true; session: SessionRef; message: string }
  /** `unreadable`: the session's state cannot be read; `refused`: the action does not apply. */
  | { ok: false; kind: "refused" | "unreadable"; reason: string };

export const HUMAN = "human";
/** The reason every stop by a human carries. */
export const STOPPED_BY_HUMAN = "stopped by human";
const LEASE_POLL_MS = 100;
const STOP_MARGIN_MS = 10_000;

const refused = (reason: string): ActionResult => ({ ok: false, kind: "refused", reason });

export async function answerQuestions(
  env: ActionEnv,
  ref: string,
  entries: AnswerEntry[],
): Promise<ActionResult> {
  const found = await resolveSessionRef(env.sessionsRoot, ref);
  if (!found.ok) return refused(found.reason);
  const { session } = found;
  return guarded(() => answerIn(env, session, entries));
}

async function answerIn(env: ActionEnv, session: SessionRef, entries: AnswerEntry[]): Promise<ActionResult> {
  const qa = await readQa(session.dir);
  if (!qa.ok) return refused(`${session.id}: ${qa.message}`);
  const read = resolveAnswers(entries, qa.questions);
  if (!read.ok) return refused(`${session.id}: ${read.reason}`);
  const written = await setAnswers(session.dir, read.answers);
  if (!written.ok) return refused(`${session.id}: ${written.message}`);
  const after = await readQa(session.dir);
  const left = after.ok ? after.questions.filter((q) => q.answer === null).map((q) => `Q${q.number}`) : [];
  const answered = `${session.id}: answered ${read.answers.map((a) => `Q${a.number}`).join(", ")}`;
  if (left.length > 0) return { ok: true, session, message: `${answered}; still open: ${left.join(", ")}` };
  const hook = await readHook(session.dir);
  const gate = hook.ok && hook.hook.state === "waiting" && hook.hook.waitingFor === "qa_answers";
  const next = !hook.ok
    ? unreadableHook(session, hook)
    : gate
      ? await reachLoop(env, session)
      : "the agent reads them in its next iteration";
  return { ok: true, session, message: `${answered}; all questions are answered; ${next}` };
}

export async function decidePlan(
  env: ActionEnv,
  ref: string,
  action: "approve" | "reject",
  feedback?: string,
): Promise<ActionResult> {
  const text = feedback?.trim() ?? "";
  if (action === "reject" && text === "")
    return refused("a rejection needs feedback: what must change in the plan");
  const outcome =
    action === "approve"
      ? "plan approved; the session moves to implementation"
      : "plan rejected; the session revises it with your feedback";
  return decide(env, ref, action, outcome, text === "" ? {} : { feedback: text });
}

export async function resumeSession(
  env: ActionEnv,
  ref: string,
  options: {
    message?: string | undefined;
    budgetUsd?: number | undefined;
    budgetTokens?: number | undefined;
  },
): Promise<ActionResult> {
  const extra = {
    ...(options.message?.trim() ? { feedback: options.message.trim() } : {}),
    ...(options.budgetUsd === undefined ? {} : { budgetUsd: options.budgetUsd }),
    ...(options.budgetTokens === undefined ? {} : { budgetTokens: options.budgetTokens }),
  };
  return decide(env, ref, "resume", "the session goes on", extra);
}

export async function sendToSession(env: ActionEnv, ref: string, body: string): Promise<ActionResult> {
  const found = await resolveSessionRef(env.sessionsRoot, ref);
  if (!found.ok) return refused(found.reason);
  const { session } = found;
  return guarded(() => sendIn(env, session, body));
}

async function sendIn(env: ActionEnv, session: SessionRef, body: string): Promise<ActionResult> {
  const sent = await sendMessage(session.dir, { from: env.from ?? HUMAN, to: session.id, body });
  if (!sent.ok) return refused(`${session.id}: ${sent.message}`);
  const hook = await readHook(session.dir);
  const head = `sent ${sent.sent.id} to ${session.id}`;
  if (!hook.ok) return { ok: true, session, message: `${head}; ${unreadableHook(session, hook)}` };
  const waits = hook.hook.state === "waiting" && hook.hook.waitingFor === "human_action";
  if (waits || wantsLoop(hook.hook))
    return { ok: true, session, message: `${head}; ${await reachLoop(env, session)}` };
  const later = `it is ${describeState(hook.hook)}; the agent reads it once the session goes on (${cli(env)} resume ${session.id})`;
  return { ok: true, session, message: `${head}; ${later}` };
}

/**
 * Ends whatever loop runs the session (its PM2 worker, or a `samocode run`), then pauses it as stopped by
 * a human, so neither the supervisor nor PM2's restart policy brings it back on its own. Nothing is stopped
 * when the session could not then be marked (an unreadable hook), and a loop this host cannot see or prove
 * (another host's, an unreadable lease, a pid of unknown start) is reported with the fix, never signalled.
 */
export async function stopSession(env: ActionEnv, ref: string): Promise<ActionResult> {
  const found = await resolveSessionRef(env.sessionsRoot, ref);
  if (!found.ok) return refused(found.reason);
  const { session } = found;
  return guarded(async () => {
    const before = await readHook(session.dir);
    if (!before.ok) return refused(`${unreadableHook(session, before)}; nothing was stopped`);
    const held = await inspectLease(session.dir);
    const blind = unseenHolder(held);
    if (blind !== undefined)
      return refused(`${session.id}: ${describe(session, blind)}; then: ${cli(env)} stop ${session.id}`);
    // PM2 stops with SIGINT, which the loop handles like SIGTERM: it cancels the provider's whole process
    // group, persists, and exits; PM2 waits up to the app's kill_timeout for that.
    const stoppedWorker = await env.control.stopWorkers(session);
    const holder = await liveLocalHolder(session.dir);
    if (holder !== undefined) {
      process.kill(holder.pid, "SIGTERM");
      if (!(await leaseReleased(session.dir, env.killGraceMs + STOP_MARGIN_MS))) {
        return refused(
          `${session.id}: ${holder.owner} pid ${holder.pid} did not stop within ${Math.round((env.killGraceMs + STOP_MARGIN_MS) / 1000)} s; it is left as it was: ${cli(env)} stop ${session.id} again, or kill -9 ${holder.pid}`,
        );
      }
    }
    const marked = await markStopped(session.dir, "samocode stop", STOPPED_BY_HUMAN);
    if (!marked.ok) return { ok: false, kind: "unreadable", reason: `${session.id}: ${marked.reason}` };
    const what = [stoppedWorker ? "its PM2 worker stopped" : "", holder ? "its loop stopped" : ""].filter(
      Boolean,
    );
    const done = what.length > 0 ? what.join(", ") : "nothing was running it";
    const after = marked.changed
      ? `paused until: ${cli(env)} resume ${session.id}`
      : `it is ${describeState(marked.hook)}`;
    return { ok: true, session, message: `${session.id}: ${done}; ${after}` };
  });
}

export type MarkResult = { ok: true; hook: Hook; changed: boolean } | { ok: false; reason: string };

/**
 * Holding the lease (only a lease holder may write `_hook.json`), pauses a session that would otherwise
 * run again; settled sessions and ones already paused for a budget or by a human stay as they are. When it
 * cannot, it leaves the lease as it found it: a dead loop's stale lease is how the supervisor tells a
 * killed worker from one stopped on purpose, so a failed stop must not wipe it.
 */
export async function markStopped(sessionDir: string, owner: string, reason: string): Promise<MarkResult> {
  const current = await readHook(sessionDir);
  if (!current.ok) return { ok: false, reason: current.message };
  if (!wantsLoop(current.hook)) return { ok: true, hook: current.hook, changed: false };
  const lease = await acquireLease(sessionDir, owner);
  if (!lease.ok) return { ok: false, reason: lease.reason };
  let marked = false;
  try {
    const updated = await updateHook(sessionDir, (hook) =>
      wantsLoop(hook) ? pause(hook, "human", reason) : hook,
    );
    if (!updated.ok) return { ok: false, reason: updated.message };
    marked = true;
    return { ok: true, hook: updated.hook, changed: true };
  } finally {
    if (marked) await lease.release();
    else await lease.releaseAndRestore();
  }
}

/** One line per session, children after their parent: `id · phase · state · iteration N · $cost`. */
export async function statusLines(sessionsRoot: string): Promise<string[]> {
  const lines: string[] = [];
  for (const session of await listSessions(sessionsRoot)) {
    const read = await readHook(session.dir);
    if (!read.ok) {
      lines.push(`${session.id} · unreadable: ${read.message}`);
      continue;
    }
    const { phase, iteration, costUsd } = read.hook;
    const blind = unseenHolder(await inspectLease(session.dir));
    const held = blind === undefined ? "" : ` · ${describe(session, blind)}`;
    lines.push(
      `${session.id} · ${phase} · ${describeState(read.hook)} · iteration ${iteration} · $${costUsd.toFixed(2)}${held}`,
    );
  }
  return lines;
}

/** Why a plan decision would be refused now, without leaving one (Telegram's Reject button asks first). */
export async function planRefusal(env: ActionEnv, ref: string): Promise<string | undefined> {
  const found = await resolveSessionRef(env.sessionsRoot, ref);
  if (!found.ok) return found.reason;
  const hook = await readHook(found.session.dir);
  if (!hook.ok) return `${found.session.id}: ${hook.message}`;
  return decisionRefusal(hook.hook, "reject");
}

async function decide(
  env: ActionEnv,
  ref: string,
  action: DecisionAction,
  outcome: string,
  extra: { feedback?: string; budgetUsd?: number; budgetTokens?: number },
): Promise<ActionResult> {
  const found = await resolveSessionRef(env.sessionsRoot, ref);
  if (!found.ok) return refused(found.reason);
  const { session } = found;
  // An agent has this CLI on its PATH; it must not pass its own plan gate.
  if (action !== "resume" && env.actingSession === session.id) {
    return refused(`${session.id} cannot ${action} its own plan; a human decides that`);
  }
  return guarded(async () => {
    const hook = await readHook(session.dir);
    if (!hook.ok) return { ok: false, kind: "unreadable", reason: unreadableHook(session, hook) };
    if (action === "resume" && hook.hook.state === "running") return resumeRunning(env, session);
    const facts = { openQuestions: await openQuestionCount(session.dir, hook.hook), command: cli(env) };
    const decision = { action, from: env.from ?? HUMAN, at: "", ...extra };
    const effect = applyDecision(hook.hook, decision, new Date(0), facts);
    if (!effect.ok) return refused(effect.reason);
    await leaveDecision(session.dir, { action, from: env.from ?? HUMAN, ...extra });
    const said = effect.gate === undefined ? outcome : atGate(env, session.id, effect.gate);
    return { ok: true, session, message: `${session.id}: ${said}; ${await reachLoop(env, session)}` };
  });
}

/**
 * A session whose hook says running has nothing to resume, but maybe nothing runs it either (its loop died,
 * or a lease names a loop this host cannot see): the reply says which, and brings its loop back if it can.
 */
async function resumeRunning(env: ActionEnv, session: SessionRef): Promise<ActionResult> {
  const verdict = await inspectLease(session.dir);
  if (verdict.state === "held") {
    if (verdict.holder.kind === "loop" && verdict.holder.where === "here" && verdict.holder.verified) {
      const { owner, pid } = verdict.holder.lease;
      return refused(`${session.id} is running (${owner}, pid ${pid}); there is nothing to resume`);
    }
    return refused(
      `${session.id} is running, but ${describe(session, verdict.holder)}; then: ${cli(env)} resume ${session.id}`,
    );
  }
  return {
    ok: true,
    session,
    message: `${session.id} is running, but no loop ran it; ${await reachLoop(env, session)}`,
  };
}

/**
 * After a change the loop must act on, says truthfully who will: the loop that runs it, its PM2 worker
 * (started when it is gone), or nobody until the human continues a terminal session — or, when the lease
 * names a loop this host cannot see or prove, who that is and the command that frees the session.
 */
async function reachLoop(env: ActionEnv, session: SessionRef): Promise<string> {
  const verdict = await inspectLease(session.dir);
  if (verdict.state === "held") {
    const { holder } = verdict;
    if (holder.kind === "loop" && holder.where === "here" && holder.verified) {
      return `its loop (${holder.lease.owner}, pid ${holder.lease.pid}) picks it up`;
    }
    const wait =
      holder.kind === "loop" && holder.where === "elsewhere"
        ? "the loop there picks it up if it still runs; "
        : "";
    return `${wait}${describe(session, holder)}; then: ${cli(env)} resume ${session.id}`;
  }
  const hook = await readHook(session.dir);
  if ((await runnerOf(session.dir, hook.ok ? hook.hook : undefined)) === "terminal") {
    return `no loop runs it now; go on with: ${cli(env)} run ${session.id}`;
  }
  try {
    const worker = await env.control.startWorker(session);
    return worker.started
      ? `started its PM2 worker ${worker.app} to go on`
      : `its PM2 worker ${worker.app} picks it up`;
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return `its PM2 worker could not be started (${why}); try: ${cli(env)} restart ${session.id}`;
  }
}

/** A resume at a gate goes back to the gate: what passes it is named instead. */
function atGate(env: ActionEnv, id: string, gate: GateWait): string {
  const s = cli(env);
  const pass =
    gate === "plan_approval"
      ? `${s} approve ${id} (or ${s} reject ${id} --feedback "…")`
      : `${s} answer ${id} <answers…>`;
  return `it waits at the ${gate} gate, where resume leaves it without an iteration; see ${s} show ${id}, then ${pass}`;
}

function cli(env: ActionEnv): string {
  return env.command ?? "samocode";
}

/** A holder this host cannot see (another host), read (garbage) or prove (a pid of unknown start): what
 * only a human can settle. Undefined for a free or stale lease and for a loop proven to run here. */
function unseenHolder(verdict: LeaseVerdict): LeaseHolder | undefined {
  if (verdict.state !== "held") return undefined;
  const { holder } = verdict;
  return holder.kind === "loop" && holder.where === "here" && holder.verified ? undefined : holder;
}

/** The local loop proven to hold the session, the only one a stop may signal. */
async function liveLocalHolder(sessionDir: string) {
  const verdict = await inspectLease(sessionDir);
  if (verdict.state !== "held") return undefined;
  const { holder } = verdict;
  return holder.kind === "loop" && holder.where === "here" && holder.verified ? holder.lease : undefined;
}

function describe(session: SessionRef, holder: LeaseHolder): string {
  return describeLeaseHolder(sessionPaths(session.dir).lease, holder, session.id);
}

/** A hook that cannot be read stops everything: nothing runs the session until it is repaired. */
function unreadableHook(session: SessionRef, read: Extract<HookReadResult, { ok: false }>): string {
  return `${session.id}: ${read.message}; no loop can run it until ${sessionPaths(session.dir).hook} is repaired or restored`;
}

/** A session folder that cannot be written (a full disk, a permission, a file where a folder belongs) is a
 * refusal with its reason, never an "unexpected error". */
async function guarded(act: () => Promise<ActionResult>): Promise<ActionResult> {
  try {
    return await act();
  } catch (error) {
    const reason = ioFailureReason(error);
    if (reason === undefined) throw error;
    return refused(reason);
  }
}

async function leaseReleased(sessionDir: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await liveLocalHolder(sessionDir)) === undefined) return true;
    await delay(LEASE_POLL_MS);
  }
  return false;
}
