// `samocode answer`: fills in `_qa.md` answers — from arguments, or one question at a time in a terminal —
// through core's human actions and its one answer grammar (the same as a Telegram reply).
import { createInterface } from "node:readline/promises";
import {
  type AnswerEntry,
  answerQuestions,
  entriesFromArgs,
  type QaQuestion,
  readQa,
  SamocodeError,
} from "@samocode/core";
import type { Command } from "commander";
import { actionEnv, report } from "../action-env.ts";
import type { CliContext } from "../cli-context.ts";
import { resolveSessionArg } from "../session-arg.ts";

interface AnswerOptions {
  answer: string[];
}

export function registerAnswerCommand(program: Command, context: CliContext): void {
  program
    .command("answer")
    .description("answer a session's questions in _qa.md; it resumes once all are answered")
    .argument("<session>", "the session (name or folder)")
    .argument("[answers...]", "answers for the open questions, in order (or labelled: “Q2: …”)")
    .option("-a, --answer <N=text>", "answer question N (repeatable)", collect, [])
    .action(async (ref: string, positional: string[], options: AnswerOptions) => {
      const given = entriesFromArgs(positional, options.answer);
      if (!given.ok) throw new SamocodeError("usage", given.reason);
      let entries = given.entries;
      if (entries.length === 0) {
        const session = await resolveSessionArg(context, ref);
        const qa = await readQa(session.dir);
        if (!qa.ok) throw new SamocodeError("usage", `${session.id}: ${qa.message}`);
        const open = qa.questions.filter((q) => q.answer === null);
        if (open.length === 0) return context.print(`${session.id}: every question already has an answer`);
        if (!process.stdin.isTTY) {
          throw new SamocodeError(
            "usage",
            `${session.id} has ${open.length} open question(s): ${open.map((q) => `Q${q.number}`).join(", ")}; give answers as arguments or --answer N=text`,
          );
        }
        entries = await ask(open);
        if (entries.length === 0) return context.print("nothing answered");
      }
      report(context, await answerQuestions(await actionEnv(context), ref, entries));
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function ask(open: QaQuestion[]): Promise<AnswerEntry[]> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: process.stdin.isTTY });
  // Ctrl-C ends the questions like Ctrl-D; what was answered so far is kept.
  rl.on("SIGINT", () => rl.close());
  // The line iterator buffers lines typed ahead of a prompt, which `question()` would drop.
  const lines = rl[Symbol.asyncIterator]();
  const answers: AnswerEntry[] = [];
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
