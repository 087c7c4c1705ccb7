import { describe, expect, it } from "vitest";
import { formatIssues } from "../zod-issues.ts";
import { BLOCKED_NEEDS, SIGNAL_STATUSES, SignalSchema, WAITING_FOR } from "./signal-schema.ts";

function issuesOf(input: unknown): string[] {
  const result = SignalSchema.safeParse(input);
  if (result.success) throw new Error(`expected ${JSON.stringify(input)} to be invalid`);
  return formatIssues(result.error);
}

describe("SignalSchema: each status valid", () => {
  it.each([
    [{ status: "continue" }],
    [{ status: "continue", phase: "testing", summary: "wrote tests" }],
    [{ status: "waiting", for: "qa_answers" }],
    [{ status: "waiting", for: "workers", reason: "two workers running" }],
    [{ status: "blocked", reason: "no database", needs: "environment" }],
    [{ status: "done", summary: "JWT auth shipped" }],
    [{ status: "handoff", reason: "context full", state: { next: "step 3", files: ["a.ts"] } }],
    [{ status: "handoff", reason: "context full", state: {} }],
  ])("%j", (input) => {
    expect(SignalSchema.parse(input)).toEqual(input);
  });

  it("accepts every wait and every need", () => {
    for (const wait of WAITING_FOR)
      expect(SignalSchema.parse({ status: "waiting", for: wait }).status).toBe("waiting");
    for (const needs of BLOCKED_NEEDS) {
      expect(SignalSchema.parse({ status: "blocked", reason: "r", needs })).toMatchObject({ needs });
    }
  });
});

describe("SignalSchema: each status invalid, with readable issues", () => {
  it.each([
    [{ status: "continue", phase: "deploy" }, /^phase: .*investigation/],
    [{ status: "continue", summary: 3 }, /^summary: .*string/],
    [{ status: "waiting" }, /^for: /],
    [{ status: "waiting", for: "coffee" }, /^for: .*qa_answers/],
    [{ status: "blocked", needs: "clarification" }, /^reason: /],
    [{ status: "blocked", reason: "   ", needs: "clarification" }, /^reason: must not be blank/],
    [{ status: "blocked", reason: "x", needs: "a hug" }, /^needs: .*human_decision/],
    [{ status: "done" }, /^summary: /],
    [{ status: "done", summary: "" }, /^summary: must not be blank/],
    [{ status: "handoff", reason: "full", state: ["a"] }, /^state: .*record/],
    [{ status: "handoff", reason: "full", state: "notes" }, /^state: /],
    [{ status: "handoff", state: {} }, /^reason: /],
  ])("%j", (input, expected) => {
    const issues = issuesOf(input);
    expect(
      issues.some((line) => expected.test(line)),
      issues.join("\n"),
    ).toBe(true);
  });

  it("names the allowed statuses and what it got for an unknown or missing status", () => {
    expect(issuesOf({ status: "finished" })).toEqual([
      `status: expected one of ${SIGNAL_STATUSES.join(" | ")} (any case); got "finished"`,
    ]);
    expect(issuesOf({ summary: "x" })[0]).toMatch(/^status: expected one of .*; it is missing$/);
    expect(issuesOf({ status: 7 })[0]).toMatch(/got 7$/);
  });

  it("rejects non-objects at the root, and `{}` (the file reader treats that as no signal)", () => {
    expect(issuesOf([])[0]).toMatch(/expected object/);
    expect(issuesOf(null)[0]).toMatch(/expected object/);
    expect(issuesOf("continue")[0]).toMatch(/expected object/);
    expect(issuesOf({})[0]).toMatch(/^status: .*missing/);
  });
});

describe("SignalSchema: case and extra fields", () => {
  it("lower-cases status and the enum fields of that status", () => {
    expect(SignalSchema.parse({ status: "CONTINUE", phase: "Testing" })).toEqual({
      status: "continue",
      phase: "testing",
    });
    expect(SignalSchema.parse({ status: "Waiting", for: "QA_ANSWERS" })).toEqual({
      status: "waiting",
      for: "qa_answers",
    });
    expect(SignalSchema.parse({ status: "bLoCkEd", reason: "Why", needs: "Human_Decision" })).toEqual({
      status: "blocked",
      reason: "Why",
      needs: "human_decision",
    });
    expect(SignalSchema.parse({ status: "DONE", summary: "Shipped IT" }).summary).toBe("Shipped IT");
    expect(SignalSchema.parse({ status: "HandOff", reason: "R", state: { K: "V" } })).toEqual({
      status: "handoff",
      reason: "R",
      state: { K: "V" },
    });
  });

  it("keeps unknown extra fields exactly as written, without lower-casing them", () => {
    const input = {
      status: "waiting",
      for: "human_action",
      phase: "KEEP",
      confidence: 0.7,
      nested: { A: 1 },
    };
    expect(SignalSchema.parse(input)).toEqual({ ...input });
    const extra = SignalSchema.parse({ status: "continue", For: "X", needs: "Y" });
    expect(extra).toEqual({ status: "continue", For: "X", needs: "Y" });
  });

  it("does not trim: padded enum values are invalid, not silently repaired", () => {
    expect(issuesOf({ status: " continue" })[0]).toMatch(/^status: /);
  });
});
