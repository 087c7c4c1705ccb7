import { describe, expect, it } from "vitest";
import { idleText } from "./idle-text.ts";

// Issue 13, failure 7: with SAMOCODE_STALL_MINUTES=0.5 the stall said "about 1 min".
describe("idleText", () => {
  it("says seconds under a minute and whole minutes above", () => {
    expect(idleText(30_000)).toBe("30 s");
    expect(idleText(31_400)).toBe("31 s");
    expect(idleText(59_400)).toBe("59 s");
    expect(idleText(60_000)).toBe("about 1 min");
    expect(idleText(15 * 60_000 + 20_000)).toBe("about 15 min");
    expect(idleText(-5)).toBe("0 s");
  });
});
