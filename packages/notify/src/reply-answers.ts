// Reads a Telegram reply to a waiting message as answers: one line per open question in order, or lines
// starting `Q<n>:` (further lines belong to the answer above them). A single open question takes it all.

export type ReplyAnswers =
  | { ok: true; answers: { number: number; text: string }[] }
  | { ok: false; reason: string };

const LABEL = /^\s*Q(\d+)\s*[:.)=-]\s?(.*)$/i;

export function parseReplyAnswers(
  text: string,
  open: readonly number[],
  all: readonly number[],
): ReplyAnswers {
  const lines = text.split(/\r?\n/);
  if (lines.some((line) => LABEL.test(line))) return labeled(lines, all);
  const filled = lines.map((line) => line.trim()).filter((line) => line !== "");
  if (filled.length === 0) return { ok: false, reason: "the reply is empty" };
  if (open.length === 0) {
    return { ok: false, reason: "every question already has an answer; to change one, reply with “Qn: …”" };
  }
  if (open.length === 1) return { ok: true, answers: [{ number: open[0] ?? 0, text: text.trim() }] };
  if (filled.length > open.length) {
    return {
      ok: false,
      reason: `${filled.length} lines but ${open.length} open questions; answer one per line, or use “Qn: …” lines`,
    };
  }
  return { ok: true, answers: filled.map((line, index) => ({ number: open[index] ?? 0, text: line })) };
}

function labeled(lines: string[], all: readonly number[]): ReplyAnswers {
  const answers: { number: number; lines: string[] }[] = [];
  for (const line of lines) {
    const match = LABEL.exec(line);
    if (match !== null) {
      answers.push({ number: Number(match[1]), lines: [match[2] ?? ""] });
      continue;
    }
    const current = answers.at(-1);
    if (current !== undefined) current.lines.push(line);
    else if (line.trim() !== "") return { ok: false, reason: "start each answer with “Qn: …”" };
  }
  const result: { number: number; text: string }[] = [];
  for (const answer of answers) {
    const text = answer.lines.join("\n").trim();
    if (!all.includes(answer.number)) {
      const have = all.map((n) => `Q${n}`).join(", ");
      return { ok: false, reason: `there is no question Q${answer.number} (have ${have})` };
    }
    if (text === "") return { ok: false, reason: `the answer to Q${answer.number} is empty` };
    if (result.some((other) => other.number === answer.number))
      return { ok: false, reason: `Q${answer.number} is answered twice` };
    result.push({ number: answer.number, text });
  }
  return { ok: true, answers: result };
}
