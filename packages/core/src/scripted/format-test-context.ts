// A deterministic FormatContext for the formatters' unit tests: fixed clock, counting ids.
import type { FormatContext } from "./event-format.ts";

export const TEST_NOW = 1_800_000_000_000;

export function testFormatContext(overrides: Partial<FormatContext> = {}): FormatContext {
  let next = 0;
  return {
    sessionId: "sess-1",
    cwd: "/work/tree",
    model: undefined,
    cliArgs: [],
    now: () => TEST_NOW,
    randomId: () => `id-${++next}`,
    ...overrides,
  };
}
