import { describe, expect, it } from "vitest";
import type { QaQuestion } from "../session/qa-file.ts";
import { type AnswerEntry, entriesFromArgs, entriesFromText, resolveAnswers } from "./answer-grammar.ts";

const q = (number: number, answer: string | null = null): QaQuestion => ({
  number,
  text: `question ${number}`,
  options: [],
  suggestion: null,
  answer,
});

function fromText(text: string, questions: QaQuestion[]) {
  const entries = entriesFromText(text, questions.filter((x) => x.answer === null).length);
  return "reason" in entries ? { ok: false, reason: entries.reason } : resolveAnswers(entries, questions);
}

function fromArgs(positional: string[], flags: string[], questions: QaQuestion[]) {
  const given = entriesFromArgs(positional, flags);
  return given.ok ? resolveAnswers(given.entries, questions) : given;
}

describe("the answer grammar", () => {
  it("answers the open questions in order, one line or argument each", () => {
    const questions = [q(1), q(2, "done already"), q(3)];
    const expected = {
      ok: true,
      answers: [
        { number: 1, text: "JWT" },
        { number: 3, text: "cookies" },
      ],
    };
    expect(fromText("JWT\n\n  cookies  \n", questions)).toEqual(expected);
    expect(fromArgs(["JWT", "  cookies  "], [], questions)).toEqual(expected);
  });

  it("gives a single open question the whole reply, lines and all", () => {
    expect(fromText("first line\r\nsecond line", [q(1, "x"), q(2)])).toEqual({
      ok: true,
      answers: [{ number: 2, text: "first line\r\nsecond line" }],
    });
  });

  it("reads labelled answers in any order, with continuation lines in a reply", () => {
    expect(fromText("\uFEFFq2: cookies\nhttpOnly ones\nQ1 - JWT", [q(1), q(2)])).toEqual({
      ok: true,
      answers: [
        { number: 2, text: "cookies\nhttpOnly ones" },
        { number: 1, text: "JWT" },
      ],
    });
    expect(fromArgs(["Q2: cookies"], ["1=JWT"], [q(1), q(2)])).toEqual({
      ok: true,
      answers: [
        { number: 1, text: "JWT" },
        { number: 2, text: "cookies" },
      ],
    });
  });

  it("lets labelled answers change an answered question, and unlabelled ones fill the rest", () => {
    expect(fromArgs(["fresh"], ["Q1=changed"], [q(1, "old"), q(2)])).toEqual({
      ok: true,
      answers: [
        { number: 1, text: "changed" },
        { number: 2, text: "fresh" },
      ],
    });
  });

  it.each<[string, () => unknown, RegExp]>([
    ["too many", () => fromText("a\nb\nc", [q(1), q(2)]), /^3 answers for 2 open question\(s\)/],
    ["too many arguments", () => fromArgs(["a", "b", "c"], [], [q(1), q(2)]), /^3 answers for 2 open/],
    ["an unknown question", () => fromText("Q9: x", [q(1)]), /^there is no question Q9 \(have Q1\)$/],
    ["an unknown flag", () => fromArgs([], ["9=x"], [q(1)]), /^there is no question Q9/],
    ["an empty labelled answer", () => fromText("Q1:", [q(1)]), /^the answer to Q1 is empty$/],
    ["an empty argument", () => fromArgs([""], [], [q(1)]), /^the answer to Q1 is empty$/],
    ["text before the first label", () => fromText("hi\nQ1: x", [q(1)]), /^start each answer with/],
    ["the same question twice", () => fromText("Q1: x\nQ1: y", [q(1)]), /^Q1 is answered twice$/],
    ["a blank reply", () => fromText("  \n", [q(1), q(2)]), /^no answer was given$/],
    ["nothing open", () => fromArgs(["x"], [], [q(1, "y")]), /already has an answer; to change one/],
    ["a flag without a number", () => fromArgs([], ["JWT"], [q(1)]), /^--answer "JWT": expected N=text/],
  ])("refuses %s with one line", (_what, read, reason) => {
    expect(read()).toMatchObject({ ok: false, reason: expect.stringMatching(reason) });
  });

  it("keeps entries as typed until they are checked", () => {
    const entries: AnswerEntry[] = [{ number: null, text: "a" }];
    expect(entriesFromArgs(["a"], [])).toEqual({ ok: true, entries });
  });
});
