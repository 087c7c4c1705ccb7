// Reads what an event shows besides the hook: the open questions of `_qa.md`, the newest plan artifact
// and the newest accepted signal. A file that cannot be read gives an empty value: the event is still sent
// (the watch has already moved past this state), only barer. Anything but a filesystem failure is a bug.
import { basename } from "node:path";
import { ioFailureReason, newestPlanFile, readHistory, readPlanText, readQa } from "@samocode/core";
import type { EventContext } from "./derive-events.ts";
import type { PlanRef, Question } from "./session-event.ts";

const TITLE_SCAN_CHARS = 4096;

export async function readEventContext(sessionDir: string): Promise<EventContext> {
  const [openQuestions, plan, lastSignal] = await Promise.all([
    readOpenQuestions(sessionDir).catch(unlessIo<Question[]>([])),
    newestPlan(sessionDir).catch(unlessIo<PlanRef | null>(null)),
    newestAcceptedSignal(sessionDir).catch(unlessIo<unknown>(null)),
  ]);
  return { openQuestions, plan, lastSignal };
}

export async function readOpenQuestions(sessionDir: string): Promise<Question[]> {
  const qa = await readQa(sessionDir);
  if (!qa.ok) return [];
  return qa.questions
    .filter((question) => question.answer === null)
    .map((question) => ({
      number: question.number,
      text: question.text,
      options: question.options.map((option) =>
        option.label ? `${option.label}) ${option.text}` : option.text,
      ),
    }));
}

/** The newest plan (core's rule for which one that is) and its first heading, else its file name. */
export async function newestPlan(sessionDir: string): Promise<PlanRef | null> {
  const path = await newestPlanFile(sessionDir);
  if (path === null) return null;
  const plan = await readPlanText(path);
  const head = plan?.text.slice(0, TITLE_SCAN_CHARS) ?? "";
  const heading = head.split(/\r?\n/).find((line) => /^#\s+\S/.test(line));
  return { title: heading === undefined ? basename(path) : heading.replace(/^#\s+/, "").trim(), path };
}

async function newestAcceptedSignal(sessionDir: string): Promise<unknown> {
  const history = await readHistory(sessionDir);
  return history.rows.filter((row) => row.accepted).at(-1)?.signal ?? null;
}

function unlessIo<T>(empty: T): (error: unknown) => T {
  return (error) => {
    if (ioFailureReason(error) !== undefined) return empty;
    throw error;
  };
}
