import { describe, expect, it } from "vitest";
import { expandPath, homeFrom } from "./expand-path.ts";

describe("expandPath", () => {
  it("expands ~ and ~/ to the home folder", () => {
    expect(expandPath("~", "/base", "/home/u")).toEqual({ ok: true, path: "/home/u" });
    expect(expandPath("~/code/app/", "/base", "/home/u")).toEqual({ ok: true, path: "/home/u/code/app" });
  });

  it("resolves relative paths against the base folder and normalises absolute ones", () => {
    expect(expandPath("../wt", "/p/repo", "/h")).toEqual({ ok: true, path: "/p/wt" });
    expect(expandPath(".", "/p/repo", "/h")).toEqual({ ok: true, path: "/p/repo" });
    expect(expandPath("/a/./b/../c", "/p", "/h")).toEqual({ ok: true, path: "/a/c" });
  });

  it("refuses ~user, an empty path and NUL", () => {
    expect(expandPath("~bob/x", "/p", "/h")).toEqual({
      ok: false,
      expected: "a path; only ~ and ~/… are expanded (~user is not supported)",
    });
    expect(expandPath("", "/p", "/h").ok).toBe(false);
    expect(expandPath("a\0b", "/p", "/h").ok).toBe(false);
  });

  it("takes the home folder from the given env's HOME", () => {
    expect(homeFrom({ HOME: "/elsewhere" })).toBe("/elsewhere");
    expect(homeFrom({ HOME: "" })).not.toBe("");
  });
});
