import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { listAttemptLogs, parseAttemptLogName } from "./attempt-log-files.ts";

describe("parseAttemptLogName", () => {
  it("reads iteration, phase, attempt and a replay copy from the name", () => {
    expect(parseAttemptLogName("iter-0003-planning-a4.jsonl")).toEqual({
      name: "iter-0003-planning-a4.jsonl",
      iteration: 3,
      phase: "planning",
      attempt: 4,
      copy: 1,
    });
    expect(parseAttemptLogName("iter-0003-planning-a4.2.jsonl")?.copy).toBe(2);
  });

  it("refuses other files and unknown phases", () => {
    for (const name of ["worker.log", "iter-0001-plan-a1.jsonl", "iter-1-planning-a1.jsonl", "x.jsonl"]) {
      expect(parseAttemptLogName(name)).toBeUndefined();
    }
  });
});

describe("listAttemptLogs", () => {
  it("orders by iteration, then attempt, then copy — numerically, not by name", async () => {
    const logs = await makeTempDir();
    const names = [
      "iter-0010-testing-a12.jsonl",
      "iter-0002-requirements-a3.jsonl",
      "iter-0002-requirements-a3.2.jsonl",
      "iter-0010-testing-a9.jsonl",
      "iter-0001-investigation-a1.jsonl",
      "worker.log",
      "notes.txt",
    ];
    for (const name of names) await writeFile(join(logs, name), "");
    await mkdir(join(logs, "iter-0005-done-a1.jsonl.d"));
    const listed = await listAttemptLogs(logs);
    expect(listed.map((f) => f.name)).toEqual([
      "iter-0001-investigation-a1.jsonl",
      "iter-0002-requirements-a3.jsonl",
      "iter-0002-requirements-a3.2.jsonl",
      "iter-0010-testing-a9.jsonl",
      "iter-0010-testing-a12.jsonl",
    ]);
    expect(listed[0]?.path).toBe(join(logs, "iter-0001-investigation-a1.jsonl"));
  });

  it("is empty when no attempt has run yet", async () => {
    expect(await listAttemptLogs(join(await makeTempDir(), "_logs"))).toEqual([]);
  });
});
