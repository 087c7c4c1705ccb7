// Only the state machine (packages/core/src/session/session-state.ts) may give a session a new state: a
// test that reads every production module and fails on a state written anywhere else.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { SESSION_STATES, STATE_CAUSES } from "../../packages/core/src/session/session-state.ts";

const ROOT = join(import.meta.dirname, "../..");
const OWNER = "packages/core/src/session/session-state.ts";
/** The file format's owner spells the fields in its schema and in the upgrade of older hooks. */
const FORMAT = "packages/core/src/session/hook-file.ts";

const words = (values: readonly string[]) => values.map((v) => v.replace(/-/g, "\\-")).join("|");
/** Ways of writing a session's state by hand, each with what it looks like. */
const STATE_WRITES: ReadonlyArray<[string, RegExp]> = [
  ["a state literal", new RegExp(`\\bstate\\s*:\\s*["'](${words(SESSION_STATES)})["']`)],
  ["a cause literal", new RegExp(`\\bcause\\s*:\\s*["'](${words(STATE_CAUSES)})["']`)],
  ["a wait or pause field", /\b(waitingFor|pausedUntil|blockedReason)\s*:(?!\s*z\.)/],
  ["an assignment to a state field", /\.(state|cause|reason|waitingFor|pausedUntil)\s*=(?!=)/],
  ["a hook spread with a new state or cause", /\.\.\.\s*[\w.]*(hook|Hook)\b[^{}]*?\b(state|cause)\s*:/s],
];

function productionFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory())
      return ["node_modules", "dist", "test-fixtures"].includes(entry.name) ? [] : productionFiles(path);
    return /\.ts$/.test(entry.name) && !/\.test\.ts$|\.test-support\.ts$/.test(entry.name) ? [path] : [];
  });
}

function stateWrites(file: string, text: string): string[] {
  return STATE_WRITES.flatMap(([what, pattern]) => {
    const match = new RegExp(pattern.source, `${pattern.flags}g`);
    return [...text.matchAll(match)].map((m) => {
      const line = text.slice(0, m.index).split("\n").length;
      return `${file}:${line}: ${what}: ${m[0].replace(/\s+/g, " ").slice(0, 80)}`;
    });
  });
}

describe("the state machine owns the session's state", () => {
  it("no production module outside it writes state, cause, reason, a wait or a pause", () => {
    const files = [...productionFiles(join(ROOT, "packages")), ...productionFiles(join(ROOT, "apps"))].map(
      (path) => relative(ROOT, path),
    );
    expect(files.length).toBeGreaterThan(100);
    const found = files
      .filter((file) => file !== OWNER && file !== FORMAT)
      .flatMap((file) => stateWrites(file, readFileSync(join(ROOT, file), "utf8")));
    expect(found).toEqual([]);
  });

  it("recognises each way of writing state by hand", () => {
    const samples = [
      `return { ...hook, state: "blocked", blockedReason: reason };`,
      `const next = { ...current.hook,\n  phase,\n  cause: "crash-loop" };`,
      `updateHook(dir, (h) => ({ ...h, waitingFor: null }));`,
      `hook.state = "done";`,
      `const b = { ...base.hook, state: judgement.state };`,
    ];
    expect(samples.map((sample) => stateWrites("x.ts", sample).length)).toEqual([3, 2, 1, 1, 1]);
    expect(stateWrites("x.ts", `if (hook.state === "done") return { ok: true, state: hook.state };`)).toEqual(
      [],
    );
  });
});
