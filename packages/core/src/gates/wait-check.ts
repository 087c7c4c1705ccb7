// Whether a waiting session may run again, judged from its files: answered questions, settled workers,
// a human message. Plan approval and explicit resumes arrive as decisions instead.
import { lstat, readdir } from "node:fs/promises";
import { join } from "node:path";
import { onlyFor } from "../io/fs-errors.ts";
import { inspectLease } from "../loop/lease.ts";
import type { Hook } from "../session/hook-file.ts";
import { readHook } from "../session/hook-file.ts";
import { listPending } from "../session/inbox.ts";
import { readQa } from "../session/qa-file.ts";
import { sessionPaths } from "../session/session-paths.ts";

export type WaitCheck = { ready: true; note: string } | { ready: false; why: string };

const SETTLED = new Set(["done", "blocked", "failed"]);

export async function checkWait(sessionDir: string, hook: Hook): Promise<WaitCheck> {
  switch (hook.waitingFor) {
    case "qa_answers":
      return checkQa(sessionDir);
    case "workers":
      return checkWorkers(sessionDir);
    case "human_action": {
      const pending = await listPending(sessionDir);
      return pending.messages.length > 0
        ? { ready: true, note: "A message arrived in the inbox while you waited; read it below." }
        : { ready: false, why: "waiting for a human to act (`samocode resume` or a message)" };
    }
    default:
      return { ready: false, why: "waiting for plan approval (`samocode approve` / `samocode reject`)" };
  }
}

/** What a decision depends on beside the hook (apply-decision.ts `DecisionFacts`): the open questions. */
export async function openQuestionCount(sessionDir: string, hook: Hook): Promise<number> {
  // waitingFor is kept only while waiting, or paused by a human who stopped the session at the gate.
  if (hook.waitingFor !== "qa_answers") return 0;
  const qa = await readQa(sessionDir);
  return qa.ok ? qa.questions.filter((q) => q.answer === null).length : 0;
}

/** The Q&A gate: true when `_qa.md` is absent (nothing was asked) or every question has an answer. */
export async function qaAnswered(sessionDir: string): Promise<boolean> {
  const qa = await readQa(sessionDir);
  if (!qa.ok) return qa.reason === "missing";
  return qa.allAnswered;
}

async function checkQa(sessionDir: string): Promise<WaitCheck> {
  const qa = await readQa(sessionDir);
  if (!qa.ok) return { ready: false, why: `waiting for answers, but ${qa.message}` };
  if (!qa.allAnswered) {
    const open = qa.questions.filter((q) => q.answer === null).map((q) => `Q${q.number}`);
    return { ready: false, why: `waiting for answers to ${open.join(", ")}` };
  }
  return {
    ready: true,
    note: "Every question in _qa.md now has an answer: fold the answers into the requirements.",
  };
}

async function checkWorkers(sessionDir: string): Promise<WaitCheck> {
  const workersDir = sessionPaths(sessionDir).workers;
  // Only a real folder: a symlinked `workers/` is refused (the loop's folder check reports it), never listed.
  const info = await lstat(workersDir).catch(onlyFor(["ENOENT"], null, `cannot look at ${workersDir}`));
  const names =
    info?.isDirectory() === true
      ? await readdir(workersDir).catch(onlyFor(["ENOENT"], [] as string[], `cannot list ${workersDir}`))
      : [];
  const states: string[] = [];
  for (const name of names) {
    const child = await readHook(join(workersDir, name));
    if (child.ok) states.push(`${name}: ${child.hook.state}`);
    if (child.ok && !(await settled(join(workersDir, name), child.hook))) {
      return { ready: false, why: `waiting for worker ${name} (${child.hook.state})` };
    }
  }
  return states.length === 0
    ? { ready: true, note: "You waited for workers, but this session has none; spawn them first." }
    : {
        ready: true,
        note: `All workers have settled (${states.join(", ")}); their outcomes are in your inbox.`,
      };
}

/**
 * Settled, and its outcome already in this session's inbox: a worker reports after its hook says
 * done/blocked/failed, and waking between the two would build a prompt without the report. A worker
 * whose loop is gone will not report any more, so it counts as settled then too.
 */
async function settled(dir: string, hook: Hook): Promise<boolean> {
  if (!SETTLED.has(hook.state)) return false;
  if (hook.reportedOutcome?.startsWith(`${hook.state}:`)) return true;
  // A lease nobody can read still names a loop that may report: not settled until a human clears it.
  return (await inspectLease(dir)).state !== "held";
}
