// A complete ProviderRunRequest for unit tests of the argv builders; override what a test is about.
import type { ProviderRunRequest } from "../provider-types.ts";

export function request(overrides: Partial<ProviderRunRequest> = {}): ProviderRunRequest {
  return {
    provider: "claude",
    prompt: "Do the next step.",
    systemPrompt: "# Workflow\nRead _hook.json first.",
    cwd: "/work/tree",
    sessionDir: "/work/sessions/demo",
    sessionName: "demo",
    timeoutMs: 60_000,
    killGraceMs: 5_000,
    logFile: "/work/sessions/demo/_logs/iter-0001-investigation-a1.jsonl",
    env: {},
    ...overrides,
  };
}

/** Feeds lines to a parser and returns every event, in order. */
export function parseAll(parser: (line: string) => unknown[], lines: unknown[]): unknown[] {
  return lines.flatMap((line) => parser(typeof line === "string" ? line : JSON.stringify(line)));
}
