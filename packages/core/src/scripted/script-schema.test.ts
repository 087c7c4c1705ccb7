import { describe, expect, it } from "vitest";
import { parseScriptText } from "./script-file.ts";
import { ScriptSchema, ScriptStepSchema } from "./script-schema.ts";

function issuesOf(text: string, name = "s.yaml"): string[] {
  const result = parseScriptText(text, name);
  if (result.ok) throw new Error("expected the script to be refused");
  return result.issues;
}

describe("script steps", () => {
  it("normalizes bare names and one-key objects to {kind, arg}", () => {
    const steps = ["init", { init: { id: "abc" } }, { say: "hi" }, "hang", { hang: null }, { exit: 3 }];
    expect(steps.map((step) => ScriptStepSchema.parse(step))).toEqual([
      { kind: "init", arg: null },
      { kind: "init", arg: { id: "abc" } },
      { kind: "say", arg: "hi" },
      { kind: "hang", arg: null },
      { kind: "hang", arg: null },
      { kind: "exit", arg: 3 },
    ]);
  });

  it("defaults a tool's input to {} and keeps every result field", () => {
    expect(ScriptStepSchema.parse({ tool: { name: "Bash" } })).toEqual({
      kind: "tool",
      arg: { name: "Bash", input: {} },
    });
    const result = { text: "t", costUsd: 0.1, inputTokens: 1, outputTokens: 2, turns: 3, isError: true };
    expect(ScriptStepSchema.parse({ result })).toEqual({ kind: "result", arg: result });
  });

  it("names an unknown step and lists the known ones", () => {
    const [issue] = issuesOf("runs:\n  - - sya: hello\n");
    expect(issue).toMatch(/^runs\.0\.0: unknown step "sya" \(known: init, say, tool,/);
  });

  it("refuses an object with two keys as a step", () => {
    expect(issuesOf('{"runs": [[{"say": "a", "exit": 1}]]}', "s.json")[0]).toMatch(
      /^runs\.0\.0: a step is a name like "init" or an object with exactly one key/,
    );
  });

  it("points at the bad field inside a step's argument", () => {
    const issues = issuesOf("runs:\n  - - init\n    - error: {kind: quota}\n    - exit: -1\n");
    expect(issues).toHaveLength(2);
    expect(issues[0]).toMatch(/^runs\.0\.1\.error\.kind: /);
    expect(issues[1]).toMatch(/^runs\.0\.2\.exit: /);
  });

  it("needs exactly one of text or json in a write step", () => {
    expect(issuesOf("runs: [[{write: {path: a, text: x, json: {}}}]]")[0]).toMatch(
      /^runs\.0\.0\.write: give exactly one of `text` or `json`/,
    );
    expect(issuesOf("runs: [[{write: {path: a}}]]")[0]).toMatch(/exactly one of `text` or `json`/);
  });

  it("refuses unknown keys in a step argument", () => {
    expect(issuesOf("runs: [[{flood: {bytes: 10, lines: 2}}]]")[0]).toMatch(/^runs\.0\.0\.flood: .*lines/);
  });
});

describe("scripts", () => {
  it("accepts a sequential script written in YAML", () => {
    const result = parseScriptText("runs:\n  - [init, {say: hi}, {exit: 0}]\n", "s.yml");
    expect(result.ok && result.script.runs?.[0]?.map((step) => step.kind)).toEqual(["init", "say", "exit"]);
  });

  it("accepts a phase script and keeps its phases", () => {
    const script = ScriptSchema.parse({ phases: { investigation: [["init"], [{ exit: 1 }]] } });
    expect(Object.keys(script.phases ?? {})).toEqual(["investigation"]);
    expect(script.phases?.investigation).toHaveLength(2);
  });

  it("needs exactly one of runs or phases", () => {
    expect(issuesOf("runs: [[init]]\nphases: {a: [[init]]}\n")[0]).toMatch(/exactly one of `runs`/);
    expect(issuesOf("{}\n")[0]).toMatch(/exactly one of `runs`/);
  });

  it("reports a syntax error as invalid JSON or YAML, by extension", () => {
    const json = parseScriptText("{runs: ", "s.json");
    expect(json.ok ? "" : json.reason).toBe("s.json is not valid JSON");
    const yaml = parseScriptText("runs: [[init", "s.yaml");
    expect(yaml.ok ? "" : yaml.reason).toBe("s.yaml is not valid YAML");
  });
});
