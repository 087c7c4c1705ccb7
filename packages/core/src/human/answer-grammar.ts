// The one grammar of answers to `_qa.md`, whoever types them — `samocode answer` arguments and `--answer`
// flags, or a Telegram reply. An answer is either labelled (`Q2: text`, `Q2=text`; a `--answer` flag also
// takes `2=text`) and answers that question, or unlabelled and answers the next open question in order.
// A reply's text is cut into answers first: with any labelled line, each label starts an answer and the
// lines under it belong to it; otherwise each non-empty line is one answer — and when a single question
// is open, the whole text is its answer.
import type { QaQuestion } from "../session/qa-file.ts";

/** One answer as typed; `number` is null when it takes the next open question. */
export type AnswerEntry = { number: number | null; text: string };
export type Answer = { number: number; text: string };
export type AnswersRead = { ok: true; answers: Answer[] } | { ok: false; reason: string };

const LABEL = /^\s*Q(\d+)\s*[:.)=-]\s?([\s\S]*)$/i;
const FLAG = /^\s*Q?(\d+)\s*[=:]\s*([\s\S]*)$/i;

/** `samocode answer S a b --answer 3=c`: each argument is one answer; flags must name their question. */
export function entriesFromArgs(
  positional: readonly string[],
  flags: readonly string[],
): { ok: true; entries: AnswerEntry[] } | { ok: false; reason: string } {
  const entries: AnswerEntry[] = [];
  for (const flag of flags) {
    const match = FLAG.exec(flag);
    if (match === null)
      return { ok: false, reason: `--answer "${flag}": expected N=text, e.g. --answer 2="use JWT"` };
    entries.push({ number: Number(match[1]), text: match[2] ?? "" });
  }
  for (const text of positional) entries.push(labelled(text) ?? { number: null, text });
  return { ok: true, entries };
}

/** A reply's text, cut into answers (see the top of this file). */
export function entriesFromText(text: string, openCount: number): AnswerEntry[] | { reason: string } {
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  if (lines.some((line) => LABEL.test(line))) {
    const entries: AnswerEntry[] = [];
    for (const line of lines) {
      const entry = labelled(line);
      const current = entries.at(-1);
      if (entry !== undefined) entries.push(entry);
      else if (current !== undefined) current.text = `${current.text}\n${line}`;
      else if (line.trim() !== "") return { reason: "start each answer with “Qn: …”" };
    }
    return entries;
  }
  if (openCount === 1) return [{ number: null, text }];
  return lines.filter((line) => line.trim() !== "").map((line) => ({ number: null, text: line }));
}

/** Checks the answers against the questions: each names a question that exists, once, with some text. */
export function resolveAnswers(
  entries: readonly AnswerEntry[],
  questions: readonly QaQuestion[],
): AnswersRead {
  if (entries.length === 0) return { ok: false, reason: "no answer was given" };
  const have = questions.map((q) => `Q${q.number}`).join(", ") || "none";
  const named = new Set(entries.flatMap((entry) => (entry.number === null ? [] : [entry.number])));
  const open = questions.filter((q) => q.answer === null && !named.has(q.number));
  const unlabelled = entries.filter((entry) => entry.number === null).length;
  if (unlabelled > 0 && open.length === 0) {
    return { ok: false, reason: "every question already has an answer; to change one, label it “Qn: …”" };
  }
  if (unlabelled > open.length) {
    return {
      ok: false,
      reason: `${unlabelled} answers for ${open.length} open question(s); give one per open question, or label them “Qn: …”`,
    };
  }
  const answers: Answer[] = [];
  let next = 0;
  for (const entry of entries) {
    const number = entry.number ?? open[next++]?.number ?? 0;
    const text = entry.text.trim();
    if (!questions.some((q) => q.number === number)) {
      return { ok: false, reason: `there is no question Q${number} (have ${have})` };
    }
    if (text === "") return { ok: false, reason: `the answer to Q${number} is empty` };
    if (answers.some((answer) => answer.number === number)) {
      return { ok: false, reason: `Q${number} is answered twice` };
    }
    answers.push({ number, text });
  }
  return { ok: true, answers };
}

function labelled(text: string): AnswerEntry | undefined {
  const match = LABEL.exec(text);
  return match === null ? undefined : { number: Number(match[1]), text: match[2] ?? "" };
}
