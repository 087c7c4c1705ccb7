import { describe, expect, it } from "vitest";
import { parseInvocation } from "./invocation.ts";

function invocation(argv: string[]) {
  const result = parseInvocation(argv);
  if (!result.ok) throw new Error(result.reason);
  return result.invocation;
}

describe("parseInvocation", () => {
  it("takes our leading flags and leaves the real CLI's arguments", () => {
    const parsed = invocation(["--format", "claude", "--script=s.yaml", "-p", "hi", "--model", "opus"]);
    expect(parsed).toEqual({
      format: "claude",
      scriptPath: "s.yaml",
      cliArgs: ["-p", "hi", "--model", "opus"],
      resumeId: undefined,
      model: "opus",
    });
  });

  it("leaves a later --format alone, e.g. inside the prompt arguments", () => {
    const parsed = invocation(["--format=codex", "exec", "--format", "x"]);
    expect(parsed.cliArgs).toEqual(["exec", "--format", "x"]);
  });

  it("refuses a missing or unknown format with the usage", () => {
    expect(parseInvocation(["-p", "hi"])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^no --format; usage/),
    });
    expect(parseInvocation(["--format", "gpt"])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/--format gpt/),
    });
    expect(parseInvocation(["--format"])).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/needs a value/),
    });
  });

  it("finds claude's and gemini's --resume id", () => {
    expect(invocation(["--format", "claude", "-p", "x", "--resume", "abc-1"]).resumeId).toBe("abc-1");
    expect(invocation(["--format", "gemini", "--resume=g-2", "-p", "x"]).resumeId).toBe("g-2");
    expect(invocation(["--format", "claude", "-p", "x"]).resumeId).toBeUndefined();
  });

  it("finds codex's `exec resume <id>` and not a bare --resume", () => {
    const args = ["--format", "codex", "exec", "--json", "-m", "o3", "resume", "th-9", "prompt"];
    expect(invocation(args)).toMatchObject({ resumeId: "th-9", model: "o3" });
    expect(invocation(["--format", "codex", "exec", "resume", "--last"]).resumeId).toBeUndefined();
    expect(invocation(["--format", "codex", "exec", "--resume", "x"]).resumeId).toBeUndefined();
  });
});
