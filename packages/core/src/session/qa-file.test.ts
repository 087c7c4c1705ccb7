import { mkdir, readFile, symlink, writeFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { parseQa, readQa, setAnswer, setAnswers } from "./qa-file.ts";
import { sessionPaths } from "./session-paths.ts";

const ORIGINAL = `# Q&A: add OAuth login
Status: waiting

## Questions

### Q1: Which auth method?
A) JWT in cookies
B) Server sessions
C) Opaque tokens
**Suggestion:** A - stateless and already used by the API
**Answer:** _waiting_

### Q2: Where to store tokens?
- a) Postgres
- b) Redis
**Answer:** _waiting_
`;

async function qaFile(text: string): Promise<{ dir: string; read: () => Promise<string> }> {
  const dir = await makeTempDir();
  await writeFile(sessionPaths(dir).qa, text);
  return { dir, read: () => readFile(sessionPaths(dir).qa, "utf8") };
}

describe("parseQa", () => {
  it("reads the original format: questions, lettered options, suggestion, waiting answers", () => {
    expect(parseQa(ORIGINAL)).toEqual({
      ok: true,
      allAnswered: false,
      questions: [
        {
          number: 1,
          text: "Which auth method?",
          options: [
            { label: "A", text: "JWT in cookies" },
            { label: "B", text: "Server sessions" },
            { label: "C", text: "Opaque tokens" },
          ],
          suggestion: "A - stateless and already used by the API",
          answer: null,
        },
        {
          number: 2,
          text: "Where to store tokens?",
          options: [
            { label: "a", text: "Postgres" },
            { label: "b", text: "Redis" },
          ],
          suggestion: null,
          answer: null,
        },
      ],
    });
  });

  it("reads single-line and multi-line answers up to the next heading", () => {
    const text = ORIGINAL.replace("**Answer:** _waiting_", "**Answer:** A").replace(
      "**Answer:** _waiting_\n",
      "**Answer:** Redis, because:\n- it is there already\n\n  and fast\n\n## Round 2\nprose\n### Q3: Anything else?\n- plain option\nMore detail on Q3.\n**Answer:**\n\nNo.\n",
    );
    const result = parseQa(text);
    expect(result.ok && result.allAnswered).toBe(true);
    if (!result.ok) return;
    expect(result.questions.map((question) => question.answer)).toEqual([
      "A",
      "Redis, because:\n- it is there already\n\n  and fast",
      "No.",
    ]);
    expect(result.questions[2]).toMatchObject({
      text: "Anything else?\nMore detail on Q3.",
      options: [{ label: null, text: "plain option" }],
    });
  });

  it.each([
    ["**Answer:**", null],
    ["**Answer:**   ", null],
    ["**Answer:** *waiting*", null],
    ["**Answer**: B", "B"],
    ["**answer:** b", "b"],
  ])("reads %j as %j", (line, answer) => {
    const result = parseQa(`### Q1: x?\n${line}\n`);
    expect(result).toMatchObject({ ok: true, questions: [{ answer }], allAnswered: answer !== null });
  });

  it("accepts ## and #### question headings and numbers that skip", () => {
    const result = parseQa("## Q3: a?\n**Answer:** y\n#### Q7. b?\n**Answer:** z\n");
    expect(result).toMatchObject({
      ok: true,
      questions: [
        { number: 3, text: "a?" },
        { number: 7, text: "b?" },
      ],
    });
  });

  it.each([
    ["", "no questions found (expected lines like `### Q1: …`)"],
    ["# Q&A\nJust prose, no questions.\n", "no questions found (expected lines like `### Q1: …`)"],
    ["### Q1: a?\nA) x\n", "Q1 has no **Answer:** line"],
    ["### Q1: a?\n**Answer:** x\n### Q1: again?\n**Answer:** y\n", "Q1 appears twice"],
    ["### Q1:\n**Answer:** x\n", "Q1 has no question text"],
    ["### Q2: a?\n**Answer:** x\n**Answer:** y\n", "Q2 has more than one **Answer:** line"],
  ])("reports a malformed file %j with a clear reason", (text, reason) => {
    expect(parseQa(text)).toEqual({ ok: false, reason: "malformed", message: `_qa.md: ${reason}` });
  });
});

describe("readQa", () => {
  it("reports a missing, binary, oversized or non-regular file without throwing", async () => {
    const dir = await makeTempDir();
    expect(await readQa(dir)).toMatchObject({ ok: false, reason: "missing" });
    await writeFile(sessionPaths(dir).qa, "### Q1: a?\u0000\n**Answer:** x\n");
    expect(await readQa(dir)).toMatchObject({
      ok: false,
      reason: "malformed",
      message: expect.stringContaining("not text"),
    });
    await writeFile(sessionPaths(dir).qa, "x".repeat(1024 * 1024 + 1));
    expect(await readQa(dir)).toMatchObject({
      ok: false,
      reason: "malformed",
      message: expect.stringContaining("1 MiB"),
    });
    const other = await makeTempDir();
    await mkdir(sessionPaths(other).qa);
    expect(await readQa(other)).toMatchObject({
      ok: false,
      message: expect.stringContaining("not a regular file"),
    });
    const linked = await makeTempDir();
    await writeFile(`${other}/real.md`, ORIGINAL);
    await symlink(`${other}/real.md`, sessionPaths(linked).qa);
    expect(await readQa(linked)).toMatchObject({
      ok: false,
      message: expect.stringContaining("is a symlink"),
    });
  });
});

describe("setAnswer", () => {
  it("fills one answer and leaves every other byte as it was", async () => {
    const { dir, read } = await qaFile(ORIGINAL);
    expect(await setAnswer(dir, 2, "Redis")).toEqual({ ok: true });
    const after = await read();
    const q2 = ORIGINAL.lastIndexOf("**Answer:** _waiting_");
    expect(after).toBe(`${ORIGINAL.slice(0, q2)}**Answer:** Redis\n`);
    expect(await readQa(dir)).toMatchObject({ ok: true, allAnswered: false });
    await setAnswer(dir, 1, "B");
    expect(await readQa(dir)).toMatchObject({
      ok: true,
      allAnswered: true,
      questions: [{ answer: "B" }, { answer: "Redis" }],
    });
  });

  it("replaces a previous multi-line answer, keeps the blank lines and sections after it, and keeps CRLF", async () => {
    const text = "### Q1: a?\r\n**Answer:** old\r\nold line 2\r\n\r\n## Notes\r\nkeep\r\n";
    const { dir, read } = await qaFile(text);
    await setAnswer(dir, 1, "new\nsecond line\n## not a heading\n**Answer:** not a marker");
    expect(await read()).toBe(
      "### Q1: a?\r\n**Answer:** new\r\nsecond line\r\n ## not a heading\r\n **Answer:** not a marker\r\n\r\n## Notes\r\nkeep\r\n",
    );
    expect(await readQa(dir)).toMatchObject({
      ok: true,
      questions: [{ answer: "new\nsecond line\n ## not a heading\n **Answer:** not a marker" }],
    });
  });

  // Issue 13: a BOM before `### Q1` read as "no questions found".
  it("reads a file that starts with a UTF-8 BOM, with CRLF lines, and keeps both when it answers", async () => {
    const questions = ORIGINAL.slice(ORIGINAL.indexOf("### Q1"));
    const crlf = `\uFEFF${questions.replaceAll("\n", "\r\n")}`;
    const { dir, read } = await qaFile(crlf);
    expect(await readQa(dir)).toMatchObject({
      ok: true,
      allAnswered: false,
      questions: [
        { number: 1, text: "Which auth method?", suggestion: "A - stateless and already used by the API" },
        { number: 2, text: "Where to store tokens?" },
      ],
    });
    expect(parseQa(`\uFEFF### Q1: only?\n**Answer:** yes\n`)).toMatchObject({
      ok: true,
      allAnswered: true,
      questions: [{ number: 1, text: "only?", answer: "yes" }],
    });
    await setAnswers(dir, [
      { number: 1, text: "A" },
      { number: 2, text: "Redis" },
    ]);
    const after = await read();
    expect(after.startsWith("\uFEFF### Q1: Which auth method?\r\n")).toBe(true);
    expect(after.replaceAll("\r\n", "")).not.toContain("\n");
    expect(await readQa(dir)).toMatchObject({ ok: true, allAnswered: true });
  });

  it("fills several answers in one write", async () => {
    const { dir } = await qaFile(ORIGINAL);
    expect(
      await setAnswers(dir, [
        { number: 2, text: "Postgres" },
        { number: 1, text: "A" },
      ]),
    ).toEqual({ ok: true });
    expect(await readQa(dir)).toMatchObject({
      ok: true,
      allAnswered: true,
      questions: [{ answer: "A" }, { answer: "Postgres" }],
    });
  });

  it("refuses an unknown question, an empty answer, a missing or malformed file, writing nothing", async () => {
    const { dir, read } = await qaFile(ORIGINAL);
    expect(await setAnswer(dir, 9, "x")).toMatchObject({ ok: false, reason: "no-such-question" });
    expect(
      await setAnswers(dir, [
        { number: 1, text: "A" },
        { number: 2, text: " \n " },
      ]),
    ).toMatchObject({
      ok: false,
      reason: "empty-answer",
    });
    expect(await read()).toBe(ORIGINAL);
    expect(await setAnswer(await makeTempDir(), 1, "x")).toMatchObject({ ok: false, reason: "missing" });
    const broken = await qaFile("### Q1: a?\n");
    expect(await setAnswer(broken.dir, 1, "x")).toMatchObject({ ok: false, reason: "malformed" });
    expect(await broken.read()).toBe("### Q1: a?\n");
  });
});
