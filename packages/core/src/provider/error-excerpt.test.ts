import { describe, expect, it } from "vitest";
import { EXCERPT_CHARS, messageExcerpt, stderrExcerpt } from "./error-excerpt.ts";

describe("stderrExcerpt", () => {
  it("keeps the last three non-empty lines as one line", () => {
    const tail =
      "starting\nloading config\n\nscripted provider: cannot read script /s/missing.json\n  ENOENT: no such file\n\n";
    expect(stderrExcerpt(tail)).toBe(
      "loading config / scripted provider: cannot read script /s/missing.json / ENOENT: no such file",
    );
    expect(stderrExcerpt("")).toBeUndefined();
    expect(stderrExcerpt(" \n\r\n\t\n")).toBeUndefined();
  });

  it("drops terminal escapes, control characters and node's stack frames", () => {
    const crash = [
      "file:///app/cli.js:3",
      "Error: \u001b[31mboom\u001b[0m\u0007",
      "    at main (file:///app/cli.js:3:9)",
      "    at file:///app/cli.js:5:1",
      "",
      "Node.js v24.1.0",
      "",
    ].join("\n");
    expect(stderrExcerpt(crash)).toBe("file:///app/cli.js:3 / Error: boom");
    expect(stderrExcerpt("progress 10%\rprogress 90%\rfailed: disk full")).toBe(
      "progress 10% / progress 90% / failed: disk full",
    );
  });

  it("stays within its bound, keeping the last line first", () => {
    const long = "x".repeat(1000);
    const one = stderrExcerpt(`earlier line\n${long}`);
    expect(one).toHaveLength(EXCERPT_CHARS);
    expect(one?.endsWith("…")).toBe(true);
    const many = stderrExcerpt(`${"a".repeat(200)}\n${"b".repeat(200)}\nlast`);
    expect(many).toBe(`${"b".repeat(200)} / last`);
  });

  it("masks what looks like a credential", () => {
    const tail = [
      "request failed: Authorization: Bearer abcdefghijklmnop1234",
      "ANTHROPIC_API_KEY=sk-ant-api03-abcdefghijklmnopqrstuvwxyz is invalid; token: ghp_abcdefghijklmnopqrstuvwxyz0123",
      "GET https://user:hunter22@example.com/x and https://api.telegram.org/bot123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/getMe",
    ].join("\n");
    const excerpt = stderrExcerpt(tail) ?? "";
    for (const secret of [
      "abcdefghijklmnop1234",
      "sk-ant-",
      "ghp_",
      "hunter22",
      "AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw",
    ]) {
      expect(excerpt).not.toContain(secret);
    }
    expect(excerpt).toContain("[redacted]");
    expect(excerpt).toContain("is invalid");
  });
});

describe("messageExcerpt", () => {
  it("makes a stream's error message one clean, bounded line", () => {
    expect(messageExcerpt('API Error: 500\n  {"type":"error"}')).toBe('API Error: 500 {"type":"error"}');
    expect(messageExcerpt("  ")).toBeUndefined();
    expect(messageExcerpt(undefined)).toBeUndefined();
    expect(messageExcerpt("y".repeat(999))).toHaveLength(EXCERPT_CHARS);
  });
});
