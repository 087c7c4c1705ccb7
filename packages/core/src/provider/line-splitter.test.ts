import { describe, expect, it } from "vitest";
import { LineSplitter } from "./line-splitter.ts";

function splitter(maxLineBytes = 1_000) {
  const lines: string[] = [];
  return { lines, split: new LineSplitter((line) => lines.push(line), maxLineBytes) };
}

describe("LineSplitter", () => {
  it("emits whole lines across arbitrary chunk boundaries, CRLF trimmed", () => {
    const { lines, split } = splitter();
    split.push(Buffer.from('{"a":1}\n{"b"'));
    split.push(Buffer.from(":2}\r\n\n"));
    split.push(Buffer.from("tail"));
    expect(lines).toEqual(['{"a":1}', '{"b":2}', ""]);
    split.end();
    expect(lines.at(-1)).toBe("tail");
  });

  it("keeps a multi-byte character split between chunks intact", () => {
    const { lines, split } = splitter();
    const bytes = Buffer.from("héllo ✓\n");
    split.push(bytes.subarray(0, 2));
    split.push(bytes.subarray(2, 9));
    split.push(bytes.subarray(9));
    expect(lines).toEqual(["héllo ✓"]);
  });

  it("drops a line over the cap whole, counts it, and holds no more than the cap meanwhile", () => {
    const { lines, split } = splitter(100);
    split.push(Buffer.from("ok\n"));
    for (let i = 0; i < 1_000; i += 1) {
      split.push(Buffer.alloc(64, "x"));
      expect(split.pendingBytes).toBeLessThanOrEqual(100);
    }
    split.push(Buffer.from("still the long line\nnext\n"));
    expect(lines).toEqual(["ok", "next"]);
    expect(split.oversized).toBe(1);
  });

  it("drops an oversized line that arrives inside one chunk", () => {
    const { lines, split } = splitter(10);
    split.push(Buffer.from(`${"z".repeat(50)}\nshort\n`));
    expect(lines).toEqual(["short"]);
    expect(split.oversized).toBe(1);
  });

  it("does not emit an unterminated oversized tail at the end", () => {
    const { lines, split } = splitter(10);
    split.push(Buffer.from("z".repeat(50)));
    split.end();
    expect(lines).toEqual([]);
    expect(split.oversized).toBe(1);
  });
});
