// `samocode answer`: fills in `_qa.md` answers — from arguments, or one question at a time in a terminal.
import { createInterface } from "node:readline/promises";
import { type QaQuestion, readQa, SamocodeError, setAnswers } from "@samocode/core";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";
import { resolveSessionArg } from "../session-arg.ts";

interface AnswerOptions {
  answer: string[];
}

type Answer = { number: number; text: string };

export function registerAnswerCommand(program: Command, context: CliContext): void {
  program
    .command("answer")
    .description("answer a session's questions in _qa.md; it resumes once all are answered")
    .argument("<session>", "the session (name or folder)")
    .argument("[answers...]", "answers for the open questions, in order")
    .option("-a, --answer <N=text>", "answer question N (repeatable)", collect, [])
    .action(async (ref: string, positional: string[], options: AnswerOptions) => {
      const session = await resolveSessionArg(context, ref);
      const qa = await readQa(session.dir);
      if (!qa.ok) throw new SamocodeError("usage", `${session.id}: ${qa.message}`);
      const open = qa.questions.filter((q) => q.answer === null);
      let answers = [
        ...options.answer.map((text) => parseFlag(text, qa.questions)),
        ...inOrder(positional, open, options.answer),
      ];
      if (answers.length === 0) {
        if (open.length === 0) return context.print(`${session.id}: every question already has an answer`);
        if (!process.stdin.isTTY) {
          throw new SamocodeError(
            "usage",
            `${session.id} has ${open.length} open question(s): ${open.map((q) => `Q${q.number}`).join(", ")}; give answers as arguments or --answer N=text`,
          );
        }
        answers = await ask(open);
      }
      if (answers.length === 0) return context.print("nothing answered");
      const written = await setAnswers(session.dir, answers);
      if (!written.ok) throw new SamocodeError("usage", written.message);
      const after = await readQa(session.dir);
      const left = after.ok
        ? after.questions.filter((q) => q.answer === null).map((q) => `Q${q.number}`)
        : [];
      context.print(`${session.id}: answered ${answers.map((a) => `Q${a.number}`).join(", ")}`);
      context.print(
        left.length === 0
          ? "all questions are answered; the session resumes"
          : `still open: ${left.join(", ")}`,
      );
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseFlag(text: string, questions: QaQuestion[]): Answer {
  const match = /^\s*Q?(\d+)\s*[=:]\s*([\s\S]*)$/i.exec(text);
  if (!match)
    throw new SamocodeError("usage", `--answer "${text}": expected N=text, e.g. --answer 2="use JWT"`);
  const number = Number(match[1]);
  if (!questions.some((q) => q.number === number)) {
    throw new SamocodeError(
      "usage",
      `--answer ${number}=…: there is no question Q${number} (have ${questions.map((q) => `Q${q.number}`).join(", ")})`,
    );
  }
  if ((match[2] ?? "").trim() === "")
    throw new SamocodeError("usage", `--answer ${number}=…: the answer is empty`);
  return { number, text: (match[2] ?? "").trim() };
}

function inOrder(positional: string[], open: QaQuestion[], flagged: string[]): Answer[] {
  const taken = new Set(flagged.map((f) => Number(/^\s*Q?(\d+)/i.exec(f)?.[1])));
  const targets = open.filter((q) => !taken.has(q.number));
  if (positional.length > targets.length) {
    throw new SamocodeError(
      "usage",
      `${positional.length} answers given but only ${targets.length} question(s) are open`,
    );
  }
  return positional.map((text, i) => ({ number: targets[i]?.number ?? 0, text }));
}

async function ask(open: QaQuestion[]): Promise<Answer[]> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
  // Ctrl-C ends the questions like Ctrl-D; what was answered so far is kept.
  rl.on("SIGINT", () => rl.close());
  // The line iterator buffers lines typed ahead of a prompt, which `question()` would drop.
  const lines = rl[Symbol.asyncIterator]();
  const answers: Answer[] = [];
  try {
    for (const q of open) {
      const options = q.options.map((o) => `    ${o.label ? `${o.label}) ` : "- "}${o.text}`).join("\n");
      process.stderr.write(`Q${q.number}: ${q.text}\n${options ? `${options}\n` : ""}> `);
      const next = await lines.next();
      if (next.done === true) break;
      const text = String(next.value).trim();
      if (text !== "") answers.push({ number: q.number, text });
    }
  } finally {
    rl.close();
  }
  return answers;
}
