// A session that walks the method end to end with the scripted provider: every skill's artifact, the Q&A
// and plan gates (auto-approved), and an external review through `samocode review --with codex` that the
// quality phase runs for real, with the scripted provider standing in as codex.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ASSETS } from "../../packages/core/src/prompt/assets.ts";
import { readExternalCosts } from "../../packages/core/src/session/external-cost-file.ts";
import { parseQa } from "../../packages/core/src/session/qa-file.ts";
import { readRecords } from "../fake-provider/fake-provider.ts";
import { makeProject } from "../helpers/samocode-project.ts";
import { cliArgv } from "../helpers/shipped-cli.ts";
import { methodSession } from "./scripts.ts";

const FINDINGS = "## Findings\n- [non-blocking] auth.ts:1 — an empty token is the only check — say why\n";
const REVIEWER = [
  [
    "init",
    { say: `${FINDINGS}\n## Verdict\n0 blocking, 1 non-blocking.` },
    { result: { inputTokens: 500, outputTokens: 40 } },
  ],
];

/** The phase skills each claude run's agent is pointed at, in the order the session runs them. */
const PHASE_SKILLS = [
  ["investigation", "samocode:dive"],
  ["requirements", "samocode:task"],
  ["requirements", "samocode:task"],
  ["planning", "samocode:create-plan"],
  ["implementation", "samocode:dop2"],
  ["testing", "samocode:test"],
  ["quality", "samocode:multi-review"],
  ["done", "samocode:summary"],
];

describe("a session that walks the method", () => {
  it("leaves every artifact of the method, with an external review by codex and its cost on record", async () => {
    const review = [process.execPath, ...cliArgv(["review", "--with", "codex", "auth"])];
    // The session folder is <root>/sessions/<folder>: the reviewer's script sits in the project root.
    const reviewScript = "{session}/../../review-script.json";
    const project = await makeProject({ script: methodSession(review, reviewScript) });
    const record = join(project.root, "record.jsonl");
    await writeFile(join(project.root, "review-script.json"), JSON.stringify({ runs: REVIEWER }));
    const run = await project.cli(["run", "--task", "Add JWT auth", "--name", "auth", "--auto-approve"], {
      SAMOCODE_SCRIPT_RECORD: record,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const dir = await project.waitForSession();
    const hook = await project.hook(dir);
    expect(hook).toMatchObject({ state: "done", phase: "done" });
    expect((await project.history(dir)).every((row) => row.accepted)).toBe(true);

    const files = await readdir(dir);
    for (const kind of [
      "dive",
      "requirements",
      "plan",
      "test-report",
      "cleanup",
      "quality-review",
      "summary",
    ]) {
      expect(files).toContain(`11-21-0900-${kind}-auth.md`);
    }
    expect(files).toEqual(
      expect.arrayContaining([
        "11-21-0900-solution-phase-1-minimal.md",
        "11-21-0900-solution-phase-1-clean.md",
        "11-21-0900-comparison-phase-1.md",
      ]),
    );
    const qa = parseQa(await readFile(join(dir, "_qa.md"), "utf8"));
    expect(qa).toMatchObject({ ok: true, allAnswered: true });
    if (qa.ok)
      expect(qa.questions[0]).toMatchObject({
        options: [{ label: "a" }, { label: "b" }],
        suggestion: expect.stringMatching(/^a\)/),
      });
    expect(await readFile(join(dir, "11-21-0900-plan-auth.md"), "utf8")).toMatch(/## Phase 1: .*\n- \[x\]/);

    // The external review: the scripted codex's final message as an artifact, its cost as a row.
    const external = files.filter((f) => /^\d{2}-\d{2}-\d{4}-quality-review-external-codex\.md$/.test(f));
    expect(external).toHaveLength(1);
    const text = await readFile(join(dir, external[0] ?? ""), "utf8");
    expect(text).toMatch(/^# External review by codex\n/);
    expect(text).toContain(`branch \`${hook.branch}\``);
    expect(text).toContain(FINDINGS);
    const costs = await readExternalCosts(dir);
    expect(costs.skipped).toEqual([]);
    expect(costs.rows).toEqual([
      expect.objectContaining({
        source: "review",
        provider: "codex",
        costUsd: null,
        outcome: "exited",
        artifact: external[0],
        tokens: { input: 500, output: 40, cacheRead: 0, cacheWrite: 0 },
      }),
    ]);
    // The loop folded the review's tokens into the session's totals, once.
    expect(hook.externalCostIds).toEqual(costs.rows.map((row) => row.id));
    expect(hook.tokens.input).toBeGreaterThanOrEqual(500);

    // Every claude run loaded the plugin and was pointed at its phase's skill; the reviewer was codex,
    // in the session's worktree, with the reviewer brief.
    const records = await readRecords(record);
    const claude = records.filter((r) => r.format === "claude").map((r) => r.argv as string[]);
    expect(claude).toHaveLength(PHASE_SKILLS.length);
    claude.forEach((argv, index) => {
      const [phase, skill] = PHASE_SKILLS[index] ?? [];
      expect(argv[argv.indexOf("--plugin-dir") + 1]).toBe(ASSETS.pluginDir);
      expect(argv[argv.indexOf("--agent") + 1]).toBe(`samocode-${phase}`);
      expect(argv[argv.indexOf("--agents") + 1]).toContain(skill);
    });
    const codex = records.filter((r) => r.format === "codex").map((r) => r.argv as string[]);
    expect(codex).toHaveLength(1);
    expect(codex[0]?.slice(0, 2)).toEqual(["exec", "--json"]);
    expect(codex[0]?.[codex[0].indexOf("-C") + 1]).toBe(hook.worktree);
    expect(codex[0]?.at(-1)).toContain("# External review");
  });
});
