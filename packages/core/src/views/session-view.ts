// `samocode show`: what a person needs at a gate, from the session folder — the task, where it stands and
// why (state, cause, reason), its open questions, the plan (its text at the plan gate), the last Flow Log
// lines and where everything lives. Issue 14: the plan gate was a blind approve.
import type { Phase } from "../phases/phase-names.ts";
import { type Hook, readHook } from "../session/hook-file.ts";
import { readFlowLog } from "../session/overview-file.ts";
import { newestPlanFile, readPlanText } from "../session/plan-artifact.ts";
import { type QaQuestion, readQa } from "../session/qa-file.ts";
import type { SessionRef } from "../session/session-ref.ts";
import { describeState, type SessionStateName, type StateCause } from "../session/session-state.ts";

const FLOW_LOG_LINES = 8;

/** What it waits for comes from the hook as is (a view, not a state of its own). */
export type SessionView = Pick<Hook, "waitingFor"> & {
  session: string;
  dir: string;
  task: string;
  phase: Phase;
  iteration: number;
  state: SessionStateName;
  cause: StateCause | null;
  reason: string | null;
  /** One sentence of where it stands (describeState), as status and Telegram say it. */
  summary: string;
  /** Null until the session's loop made them. */
  worktree: string | null;
  branch: string | null;
  baseRef: string | null;
  /** The questions of `_qa.md` still without an answer. */
  openQuestions: QaQuestion[];
  /** Why `_qa.md` cannot be read, when it exists but is malformed. */
  qaProblem: string | null;
  /** The newest plan; its text only at the plan gate (or when asked for). */
  plan: { path: string; text: string | null; cut: boolean } | null;
  flowLog: string[];
};

export type SessionViewResult = { ok: true; view: SessionView } | { ok: false; reason: string };

export async function viewSession(
  session: SessionRef,
  options: { planText?: boolean } = {},
): Promise<SessionViewResult> {
  const read = await readHook(session.dir);
  if (!read.ok) return { ok: false, reason: `${session.id}: ${read.message}` };
  const { hook } = read;
  const { waitingFor } = hook;
  const [qa, planPath, flowLog] = await Promise.all([
    readQa(session.dir),
    newestPlanFile(session.dir),
    readFlowLog(session.dir, FLOW_LOG_LINES),
  ]);
  const atPlanGate = hook.state === "waiting" && hook.waitingFor === "plan_approval";
  const text = planPath !== null && (atPlanGate || options.planText) ? await readPlanText(planPath) : null;
  return {
    ok: true,
    view: {
      session: session.id,
      dir: session.dir,
      task: hook.task,
      phase: hook.phase,
      iteration: hook.iteration,
      state: hook.state,
      cause: hook.cause,
      reason: hook.reason,
      waitingFor,
      summary: describeState(hook),
      worktree: hook.worktree,
      branch: hook.branch,
      baseRef: hook.baseRef,
      openQuestions: qa.ok ? qa.questions.filter((q) => q.answer === null) : [],
      qaProblem: !qa.ok && qa.reason === "malformed" ? qa.message : null,
      plan: planPath === null ? null : { path: planPath, text: text?.text ?? null, cut: text?.cut ?? false },
      flowLog,
    },
  };
}
