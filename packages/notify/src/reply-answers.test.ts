import { describe, expect, it } from "vitest";
import { parseReplyAnswers } from "./reply-answers.ts";

describe("parseReplyAnswers", () => {
  it("answers the open questions in order, one line each", () => {
    expect(parseReplyAnswers("JWT\n\n  cookies  \n", [1, 3], [1, 2, 3])).toEqual({
      ok: true,
      answers: [
        { number: 1, text: "JWT" },
        { number: 3, text: "cookies" },
      ],
    });
  });

  it("gives a single open question the whole reply, lines and all", () => {
    expect(parseReplyAnswers("first line\nsecond line", [2], [1, 2])).toEqual({
      ok: true,
      answers: [{ number: 2, text: "first line\nsecond line" }],
    });
  });

  it("reads Qn: lines in any order, continuation lines included", () => {
    expect(parseReplyAnswers("q2: cookies\nhttpOnly ones\nQ1 - JWT", [1, 2], [1, 2])).toEqual({
      ok: true,
      answers: [
        { number: 2, text: "cookies\nhttpOnly ones" },
        { number: 1, text: "JWT" },
      ],
    });
  });

  it("refuses what cannot be matched to questions", () => {
    expect(parseReplyAnswers("a\nb\nc", [1, 2], [1, 2])).toMatchObject({
      ok: false,
      reason: /3 lines but 2 open/,
    });
    expect(parseReplyAnswers("Q9: x", [1], [1])).toMatchObject({ ok: false, reason: /no question Q9/ });
    expect(parseReplyAnswers("Q1:", [1], [1])).toMatchObject({ ok: false, reason: /Q1 is empty/ });
    expect(parseReplyAnswers("hi\nQ1: x", [1], [1])).toMatchObject({
      ok: false,
      reason: /start each answer/,
    });
    expect(parseReplyAnswers("Q1: x\nQ1: y", [1], [1])).toMatchObject({ ok: false, reason: /twice/ });
    expect(parseReplyAnswers("  \n", [1], [1])).toMatchObject({ ok: false, reason: /empty/ });
    expect(parseReplyAnswers("x", [], [1])).toMatchObject({ ok: false, reason: /already has an answer/ });
  });
});
