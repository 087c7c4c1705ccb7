// Reads what an event shows besides the hook: the open questions of `_qa.md`, the newest plan artifact
// and the newest accepted signal. Unreadable files give empty values: a notification never fails on them.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { readHistory, readQa } from "@samocode/core";
import type { EventContext } from "./derive-events.ts";
import type { PlanRef, Question } from "./session-event.ts";

// `<MM-DD-HHMM>-plan[-<slug>].md`, named by the agent (SPEC §4); the stamp sorts them within a year.
const PLAN_FILE = /^\d{2}-\d{2}-\d{4}-plan(?:-[^/]*)?\.md$/;
const TITLE_SCAN_BYTES = 4096;

export async function readEventContext(sessionDir: string): Promise<EventContext> {
  const [openQuestions, plan, lastSignal] = await Promise.all([
    readOpenQuestions(sessionDir),
    newestPlan(sessionDir),
    newestAcceptedSignal(sessionDir),
  ]);
  return { openQuestions, plan, lastSignal };
}

export async function readOpenQuestions(sessionDir: string): Promise<Question[]> {
  const qa = await readQa(sessionDir).catch(() => null);
  if (qa === null || !qa.ok) return [];
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

export async function newestPlan(sessionDir: string): Promise<PlanRef | null> {
  const names = await readdir(sessionDir).catch(() => [] as string[]);
  const newest = names
    .filter((name) => PLAN_FILE.test(name))
    .sort()
    .at(-1);
  if (newest === undefined) return null;
  const path = join(sessionDir, newest);
  const head = await readFile(path, "utf8")
    .then((text) => text.slice(0, TITLE_SCAN_BYTES))
    .catch(() => "");
  const heading = head.split(/\r?\n/).find((line) => /^#\s+\S/.test(line));
  return { title: heading === undefined ? newest : heading.replace(/^#\s+/, "").trim(), path };
}

async function newestAcceptedSignal(sessionDir: string): Promise<unknown> {
  const history = await readHistory(sessionDir).catch(() => null);
  return history?.rows.filter((row) => row.accepted).at(-1)?.signal ?? null;
}
