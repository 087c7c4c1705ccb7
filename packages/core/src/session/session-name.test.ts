import { describe, expect, it } from "vitest";
import {
  parseSessionFolderName,
  SESSION_NAME_MAX_LENGTH,
  sessionFolderName,
  slugSessionName,
  validateSessionName,
} from "./session-name.ts";

describe("validateSessionName", () => {
  it.each(["auth", "fix-login-bug", "a", "x1-2", "a".repeat(SESSION_NAME_MAX_LENGTH)])(
    "accepts %j",
    (name) => {
      expect(validateSessionName(name)).toEqual({ ok: true, name });
    },
  );

  it.each([
    ["../x", '"."'],
    ["/", '"/"'],
    ["a/b", '"/"'],
    ["a b", '" "'],
    ["a\nb", '"\\n"'],
    ["a\u0000b", '"\\u0000"'],
    ["tab\there", '"\\t"'],
    ["Auth", '"A"'],
    ["fix_bug", '"_"'],
    ["café", '"é"'],
    ["rocket-🚀", '"🚀"'],
  ])("refuses %j naming the offending character", (name, char) => {
    const result = validateSessionName(name);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toContain(`contains ${char}`);
    expect(result.reason).toContain(JSON.stringify(name));
    expect(result.reason).toContain('use only lowercase letters, digits and "-"');
    expect(result.reason).not.toContain("\n");
  });

  it("refuses an empty name", () => {
    const result = validateSessionName("");
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining("it is empty") });
  });

  it("refuses a leading dash, which would read as a command-line flag", () => {
    expect(validateSessionName("-x")).toMatchObject({
      ok: false,
      reason: expect.stringContaining('starts with "-"'),
    });
  });

  it("refuses 64 characters and shortens a huge name in the message", () => {
    expect(validateSessionName("a".repeat(64))).toMatchObject({
      ok: false,
      reason: expect.stringContaining("64 characters long"),
    });
    const huge = validateSessionName("b".repeat(5000));
    expect(huge.ok).toBe(false);
    if (!huge.ok) expect(huge.reason.length).toBeLessThan(300);
  });
});

describe("slugSessionName", () => {
  it.each([
    ["Fix the login bug", "fix-the-login-bug"],
    ["  Add OAuth2 (Google) support!!  ", "add-oauth2-google-support"],
    ["rm -rf / ; echo $(whoami) `id` && ../../etc", "rm-rf-echo-whoami-id-etc"],
    ["Café crème brûlée", "cafe-creme-brulee"],
    ["--x--y--", "x-y"],
    ["UPPER_snake_Case", "upper-snake-case"],
  ])("slugs %j to %j", (task, name) => {
    expect(slugSessionName(task)).toEqual({ ok: true, name });
  });

  it("cuts a long task at a word boundary within the limit", () => {
    const task =
      "Implement the new billing reconciliation pipeline for enterprise customers with audit trails";
    const result = slugSessionName(task);
    expect(result).toEqual({ ok: true, name: "implement-the-new-billing-reconciliation-pipeline-for" });
    if (result.ok) expect(validateSessionName(result.name).ok).toBe(true);
  });

  it("hard-cuts one very long word, since no boundary is sensible", () => {
    const result = slugSessionName("x".repeat(100));
    expect(result).toEqual({ ok: true, name: "x".repeat(SESSION_NAME_MAX_LENGTH) });
  });

  it("keeps a word that ends exactly at the limit", () => {
    const words = `${"a".repeat(30)}-${"b".repeat(32)}`;
    expect(slugSessionName(`${words} more`)).toEqual({ ok: true, name: words });
  });

  it.each(["", "   ", "!!! ???", "🚀🚀", "\u0000\n"])("fails for %j with nothing to slug", (task) => {
    const result = slugSessionName(task);
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining("no letters or digits") });
  });
});

describe("session folder names", () => {
  it("prefixes the local date as YY-MM-DD", () => {
    expect(sessionFolderName("auth", new Date(2026, 10, 21, 23, 59))).toBe("26-11-21-auth");
    expect(sessionFolderName("x", new Date(2031, 0, 5))).toBe("31-01-05-x");
  });

  it("parses a folder name back, and nothing else", () => {
    expect(parseSessionFolderName("26-11-21-fix-login")).toEqual({ date: "26-11-21", name: "fix-login" });
    expect(parseSessionFolderName("auth")).toBeNull();
    expect(parseSessionFolderName("26-11-21-")).toBeNull();
    expect(parseSessionFolderName("_convoys")).toBeNull();
  });
});
