// `_qa.md`: the agent's questions and the human's answers, in the original tool's format:
//   ### Q1: question text            (2–4 `#`; more prose lines join the text)
//   A) option | - a) option | - option
//   **Suggestion:** … (optional)
//   **Answer:** _waiting_            (or the answer; more lines until the next heading belong to it)
import { writeFileAtomically } from "../atomic-write.ts";
import { decodeUtf8, readBoundedFile } from "../io/bounded-file.ts";
import { serializeWrites } from "./serial-writes.ts";
import { sessionPaths } from "./session-paths.ts";

export type QaOption = { label: string | null; text: string };
export type QaQuestion = {
  number: number;
  text: string;
  options: QaOption[];
  suggestion: string | null;
  /** Null while the answer is `_waiting_` or empty. */
  answer: string | null;
};
export type QaParseResult =
  | { ok: true; questions: QaQuestion[]; allAnswered: boolean }
  | { ok: false; reason: "malformed"; message: string };
export type QaReadResult = QaParseResult | { ok: false; reason: "missing"; message: string };
export type QaAnswerResult =
  | { ok: true }
  | { ok: false; reason: "missing" | "malformed" | "no-such-question" | "empty-answer"; message: string };

type Block = { question: QaQuestion; answerLine: number; answerEnd: number };

const MAX_BYTES = 1024 * 1024;
const QUESTION = /^#{2,4}\s*Q(\d+)\s*[:.)-]?\s*(.*)$/i;
const HEADING = /^#{1,6}\s/;
const ANSWER = /^\*\*Answer:?\*\*:?[ \t]*(.*)$/i;
const SUGGESTION = /^\*\*Suggestion:?\*\*:?\s*(.*)$/i;
const LABELED_OPTION = /^\s*(?:[-*+]\s+)?(?:\[[ xX]\]\s+)?([A-Za-z0-9])[).]\s+(.+)$/;
const PLAIN_OPTION = /^\s*[-*+]\s+(?:\[[ xX]\]\s+)?(.+)$/;
const WAITING = /^[_*]*waiting[_*]*$/i;

export async function readQa(sessionDir: string): Promise<QaReadResult> {
  const loaded = await loadQa(sessionDir);
  return loaded.ok ? parseQa(loaded.text) : loaded;
}

export function parseQa(text: string): QaParseResult {
  const parsed = parseBlocks(splitLines(text));
  if (!parsed.ok) return parsed;
  const questions = parsed.blocks.map((block) => block.question);
  return { ok: true, questions, allAnswered: questions.every((question) => question.answer !== null) };
}

export async function setAnswer(sessionDir: string, number: number, text: string): Promise<QaAnswerResult> {
  return setAnswers(sessionDir, [{ number, text }]);
}

/** Fills several answers in one atomic write; every byte outside those answers stays as it was. */
export async function setAnswers(
  sessionDir: string,
  answers: { number: number; text: string }[],
): Promise<QaAnswerResult> {
  const path = sessionPaths(sessionDir).qa;
  return serializeWrites(path, async () => {
    const loaded = await loadQa(sessionDir);
    if (!loaded.ok) return loaded;
    const lines = splitLines(loaded.text);
    const parsed = parseBlocks(lines);
    if (!parsed.ok) return parsed;
    const cr = loaded.text.includes("\r\n") ? "\r" : "";
    const edits: { block: Block; replacement: string[] }[] = [];
    for (const { number, text } of answers) {
      const block = parsed.blocks.find((candidate) => candidate.question.number === number);
      if (block === undefined) {
        return { ok: false, reason: "no-such-question", message: `${path} has no question Q${number}` };
      }
      if (text.trim() === "")
        return { ok: false, reason: "empty-answer", message: `the answer to Q${number} is empty` };
      edits.push({ block, replacement: answerLines(text).map((line) => line + cr) });
    }
    edits.sort((a, b) => b.block.answerLine - a.block.answerLine);
    for (const { block, replacement } of edits) {
      lines.splice(block.answerLine, block.answerEnd - block.answerLine, ...replacement);
    }
    await writeFileAtomically(path, lines.join("\n"));
    return { ok: true };
  });
}

// A continuation line that looks like a heading or an answer marker would end or break the answer,
// so it is shifted by one space.
function answerLines(text: string): string[] {
  const [first = "", ...rest] = text.trim().split(/\r?\n/);
  const escaped = rest.map((line) => (HEADING.test(line) || ANSWER.test(line) ? ` ${line}` : line));
  return [`**Answer:** ${first}`, ...escaped];
}

async function loadQa(
  sessionDir: string,
): Promise<{ ok: true; text: string } | { ok: false; reason: "missing" | "malformed"; message: string }> {
  const path = sessionPaths(sessionDir).qa;
  const malformed = (message: string) => ({ ok: false as const, reason: "malformed" as const, message });
  // A symlink, FIFO or folder at the path is refused, never followed or waited on; a symlink is replaced
  // whole by the next answer write (atomic rename), never written through.
  const read = await readBoundedFile(path, { maxBytes: MAX_BYTES, label: path });
  if (read.kind === "missing") return { ok: false, reason: "missing", message: `${path} does not exist` };
  if (read.kind === "refused") return malformed(read.reason);
  const decoded = decodeUtf8(read.bytes, path, false);
  if (!decoded.ok || decoded.text.includes("\u0000")) return malformed(`${path} is not text`);
  return { ok: true, text: decoded.text };
}

/** Lines without their `\n`; a CRLF file keeps its `\r` and a BOM stays on the first line, so joining
 * with `\n` restores every byte. */
function splitLines(text: string): string[] {
  return text.split("\n");
}

function parseBlocks(
  lines: string[],
): { ok: true; blocks: Block[] } | { ok: false; reason: "malformed"; message: string } {
  const malformed = (message: string) => ({
    ok: false as const,
    reason: "malformed" as const,
    message: `_qa.md: ${message}`,
  });
  const blocks: Block[] = [];
  let index = lines.findIndex((line) => QUESTION.test(plainLine(line)));
  if (index < 0) return malformed("no questions found (expected lines like `### Q1: …`)");
  while (index < lines.length) {
    const block = parseBlock(lines, index);
    const number = block.question.number;
    if (block.answerLine < 0) return malformed(`Q${number} has no **Answer:** line`);
    if (block.question.text === "") return malformed(`Q${number} has no question text`);
    if (block.duplicateAnswer) return malformed(`Q${number} has more than one **Answer:** line`);
    if (blocks.some((other) => other.question.number === number))
      return malformed(`Q${number} appears twice`);
    blocks.push(block);
    index = block.next;
    while (index < lines.length && !QUESTION.test(plainLine(lines[index] ?? ""))) index++;
  }
  return { ok: true, blocks };
}

function parseBlock(lines: string[], start: number): Block & { next: number; duplicateAnswer: boolean } {
  const [, digits = "0", title = ""] = QUESTION.exec(plainLine(lines[start] ?? "")) ?? [];
  const question: QaQuestion = {
    number: Number(digits),
    text: title.trim(),
    options: [],
    suggestion: null,
    answer: null,
  };
  let answerLine = -1;
  let duplicateAnswer = false;
  const answer: string[] = [];
  let index = start + 1;
  for (; index < lines.length; index++) {
    const line = plainLine(lines[index] ?? "");
    if (HEADING.test(line)) break;
    const answerMatch = ANSWER.exec(line);
    if (answerMatch !== null) {
      if (answerLine >= 0) duplicateAnswer = true;
      else answerLine = index;
      answer.push(answerMatch[1] ?? "");
    } else if (answerLine >= 0) answer.push(line);
    else readQuestionLine(question, line);
  }
  let answerEnd = index;
  while (answerEnd > answerLine + 1 && plainLine(lines[answerEnd - 1] ?? "").trim() === "") answerEnd--;
  const value = answer.join("\n").trim();
  question.answer = value === "" || WAITING.test(value) ? null : value;
  return { question, answerLine, answerEnd, next: index, duplicateAnswer };
}

function readQuestionLine(question: QaQuestion, line: string): void {
  if (line.trim() === "") return;
  const suggestion = SUGGESTION.exec(line);
  const labeled = LABELED_OPTION.exec(line);
  const plain = PLAIN_OPTION.exec(line);
  if (suggestion !== null) question.suggestion = (suggestion[1] ?? "").trim();
  else if (labeled !== null)
    question.options.push({ label: labeled[1] ?? null, text: (labeled[2] ?? "").trim() });
  else if (plain !== null) question.options.push({ label: null, text: (plain[1] ?? "").trim() });
  else question.text = question.text === "" ? line.trim() : `${question.text}\n${line.trim()}`;
}

/** A line as the parser reads it: without a CRLF file's `\r`, and without the UTF-8 byte order mark an
 * editor may put at the start of the file (issue 13: a BOM hid Q1 and the file read as "no questions"). */
function plainLine(line: string): string {
  const unmarked = line.startsWith("\uFEFF") ? line.slice(1) : line;
  return unmarked.endsWith("\r") ? unmarked.slice(0, -1) : unmarked;
}
