import { describe, expect, it } from "vitest";
import { z } from "zod";
import { formatIssues } from "./zod-issues.ts";

describe("formatIssues", () => {
  it("renders one 'path: message' line per issue, nested paths dotted", () => {
    const schema = z.object({ a: z.number(), b: z.object({ c: z.string() }) });
    const result = schema.safeParse({ a: "x", b: { c: 1 } });
    expect(result.success).toBe(false);
    if (result.success) return;
    const lines = formatIssues(result.error);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^a: .*number/i);
    expect(lines[1]).toMatch(/^b\.c: .*string/i);
  });

  it("omits the path prefix for a root-level issue", () => {
    const result = z.string().safeParse(3);
    if (result.success) throw new Error("expected failure");
    expect(formatIssues(result.error)[0]).not.toContain(":  ");
    expect(formatIssues(result.error)[0]).toMatch(/^Invalid input/);
  });
});
