import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { ProviderName } from "../provider/provider-names.ts";
import type { LogLine } from "./log-line.ts";
import { attemptHeader, createAttemptView, guessProvider } from "./log-view.ts";

const FIXTURES = new URL("../../../../tests/fixtures/provider-streams/", import.meta.url);
const PATHS = { sessionDir: "<root>/session", worktree: "<root>/worktree" };

function fixtureLines(name: string): string[] {
  return readFileSync(new URL(`${name}.jsonl`, FIXTURES), "utf8").split("\n");
}

function render(provider: ProviderName, lines: string[]): LogLine[] {
  const view = createAttemptView(provider, PATHS);
  return lines.flatMap((l) => view(l));
}

const texts = (lines: LogLine[]) => lines.map((l) => l.text);

describe("an attempt's stream made readable", () => {
  it("shows claude's text, each tool call with its target, results and the final totals", () => {
    const lines = render("claude", fixtureLines("claude-success-signal"));
    expect(texts(lines)).toEqual([
      "conversation 381eafd1-001d-43af-b2ab-659bf15c146a (claude-sonnet-4-5)",
      "Looking around first.",
      "→ Bash echo hello from bash",
      "  ← hello from bash",
      "Writing the signal.",
      "→ Write <session>/_signal.json",
      expect.stringMatching(/^ {2}← File created successfully at: <session>\/_signal\.json/),
      "Signal written.",
      "✓ result · 3 turns · $0.0140 · tokens 3600 in / 120 out / 900 cache read / 300 cache write",
    ]);
    expect(lines.map((l) => l.tone)).toEqual([
      "dim",
      "text",
      "tool",
      "result",
      "text",
      "tool",
      "result",
      "text",
      "result",
    ]);
  });

  it("reads codex with its own parser: unwrapped shell commands, patched files, no cost", () => {
    const lines = texts(render("codex", fixtureLines("codex-success-signal")));
    expect(lines).toContain("→ exec echo hello from exec");
    expect(lines).toContain(
      `→ exec printf '%s' '{"status":"continue","summary":"compat: written with the CLI tool"}' > '<session>/_signal.json'`,
    );
    expect(lines.at(-1)).toBe("✓ result · 1 turn · tokens 3600 in / 120 out / 900 cache read");
    expect(texts(render("codex", fixtureLines("codex-file-change")))).toContain(
      "→ patch <session>/_signal.json",
    );
  });

  it("shows errors with their kind and reset time", () => {
    const limit = render("codex", fixtureLines("codex-usage-limit-429"));
    expect(limit.at(-1)).toEqual({
      tone: "error",
      text: expect.stringMatching(
        /^✗ result: error \[rate_limit\] .*\(resets at 2030-03-17T\d\d:46:00\.000Z\)/,
      ),
    });
    const turns = render("claude", fixtureLines("claude-max-turns"));
    expect(turns.at(-1)?.text).toMatch(/^✗ result: error \[max_turns\] .+ · 2 turns · \$0\.0047/);
    const notices = render("codex", fixtureLines("codex-unreachable-api")).filter(
      (l) => l.tone === "warning",
    );
    expect(notices[0]?.text).toMatch(/^! notice \[other\] Reconnecting\.\.\./);
  });

  it("highlights failed tool results and clips long output", () => {
    const output = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join("\n");
    const call = { type: "tool_use", id: "t1", name: "Bash", input: { command: "npm test" } };
    const result = { type: "tool_result", tool_use_id: "t1", content: output, is_error: true };
    const lines = render("claude", [
      JSON.stringify({ type: "assistant", message: { id: "m1", content: [call] } }),
      JSON.stringify({ type: "user", message: { content: [result] } }),
    ]);
    expect(texts(lines)).toEqual([
      "→ Bash npm test",
      "  ✗ line 1",
      "    line 2",
      "    line 3",
      "    line 4",
      "    line 5",
      "    line 6",
      "    … 24 more lines",
    ]);
    expect(lines.slice(1).every((l) => l.tone === "error")).toBe(true);
  });

  it("shows a malformed or foreign line as it is instead of failing", () => {
    const lines = render("claude", ['{"type":"assistant","message":{"content":[', "plain banner text", ""]);
    expect(lines).toEqual([
      { tone: "raw", text: '{"type":"assistant","message":{"content":[' },
      { tone: "raw", text: "plain banner text" },
    ]);
  });

  it("renders paths relative to the worktree", () => {
    const call = {
      type: "tool_use",
      id: "t",
      name: "Write",
      input: { file_path: "<root>/worktree/src/a.ts" },
    };
    const lines = render("claude", [JSON.stringify({ type: "assistant", message: { content: [call] } })]);
    expect(texts(lines)).toEqual(["→ Write src/a.ts"]);
  });
});

describe("attemptHeader", () => {
  it("names the iteration, phase and attempt, and a crash replay's copy", () => {
    expect(attemptHeader({ iteration: 3, phase: "planning", attempt: 4, copy: 1 }).text).toBe(
      "── iteration 3 · planning · attempt 4 ──",
    );
    expect(attemptHeader({ iteration: 3, phase: "planning", attempt: 4, copy: 2 }).text).toBe(
      "── iteration 3 · planning · attempt 4 (replay 2) ──",
    );
  });
});

describe("guessProvider", () => {
  it("tells the formats apart by their first JSON line", () => {
    expect(guessProvider(fixtureLines("codex-success-signal"))).toBe("codex");
    expect(guessProvider(fixtureLines("claude-success-signal"))).toBe("claude");
    expect(guessProvider(["not json", '{"type":"init","session_id":"x","model":"g"}'])).toBe("gemini");
    expect(guessProvider([])).toBe("claude");
  });
});
