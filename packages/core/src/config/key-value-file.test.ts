import { describe, expect, it } from "vitest";
import { parseKeyValueText } from "./key-value-file.ts";

const FILE = "/p/.samocode";

function entries(text: string): Record<string, string> {
  const result = parseKeyValueText(text, FILE);
  if (!result.ok) throw new Error(`unexpected errors: ${result.errors.join("; ")}`);
  return Object.fromEntries(result.entries.map((entry) => [entry.key, entry.value]));
}

function errors(text: string): string[] {
  const result = parseKeyValueText(text, FILE);
  if (result.ok) throw new Error("expected errors");
  return result.errors;
}

describe("parseKeyValueText", () => {
  it("skips # comments and blank lines and keeps each entry's line number", () => {
    const result = parseKeyValueText("# top\n\nA=1\n   \n  # indented comment\nB=2\n", FILE);
    expect(result).toEqual({
      ok: true,
      entries: [
        { key: "A", value: "1", line: 3 },
        { key: "B", value: "2", line: 6 },
      ],
    });
  });

  it("splits at the first =, so values may contain =", () => {
    expect(entries("URL=http://x/?a=b&c=d\nEMPTY=\n")).toEqual({ URL: "http://x/?a=b&c=d", EMPTY: "" });
  });

  it("takes quoted values verbatim, with # and spaces, and drops inline comments after them", () => {
    expect(entries(`A="  spaced # not a comment "\nB='single "inner"'  # comment\nC=""\nD="x=y"`)).toEqual({
      A: "  spaced # not a comment ",
      B: 'single "inner"',
      C: "",
      D: "x=y",
    });
  });

  it("trims unquoted values and ends them at a whitespace-led #", () => {
    expect(entries("A =  ~/code/app   # main checkout\nB=a#b\nC= # only a comment\n")).toEqual({
      A: "~/code/app",
      B: "a#b",
      C: "",
    });
  });

  it("accepts an export prefix, CRLF line ends and a leading BOM", () => {
    expect(entries("\uFEFFexport A=1\r\nB=2\r\n")).toEqual({ A: "1", B: "2" });
  });

  it("names the file and line of a malformed line without echoing its text", () => {
    const lines = errors("A=1\nthis is secret-ish text\n3BAD=x\n");
    expect(lines).toEqual([
      "/p/.samocode:2: expected KEY=VALUE (e.g. MAIN_REPO=~/code/app), a # comment or a blank line",
      "/p/.samocode:3: expected KEY=VALUE (e.g. MAIN_REPO=~/code/app), a # comment or a blank line",
    ]);
    expect(lines.join("\n")).not.toContain("secret-ish");
  });

  it("reports an unclosed quote, text after a closing quote and a repeated key", () => {
    expect(errors(`A="open\nB="x" y\nC=1\nC=2`)).toEqual([
      `/p/.samocode:1: A: the value's opening " has no closing "`,
      `/p/.samocode:2: B: unexpected text after the closing " (quote the whole value)`,
      "/p/.samocode:4: C is already set on line 3; keep one",
    ]);
  });
});
