import { readFileSync } from "node:fs";
import { WORKER_NODE_ARGS } from "@samocode/supervisor";
import { describe, expect, it } from "vitest";

describe("the CLI entry", () => {
  it("runs with the PM2 worker's node flags (its shebang, which scripts/dev.sh and the benchmarks read)", () => {
    const shebang = readFileSync(new URL("./main.ts", import.meta.url), "utf8").split("\n", 1)[0];
    expect(shebang).toBe(`#!/usr/bin/env -S node ${WORKER_NODE_ARGS.join(" ")}`);
  });
});
