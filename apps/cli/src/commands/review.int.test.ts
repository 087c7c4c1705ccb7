import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readExternalCosts } from "../../../../packages/core/src/session/external-cost-file.ts";
import { readRecords } from "../../../../tests/fake-provider/fake-provider.ts";
import { git } from "../../../../tests/helpers/git-repo.ts";
import { makeProject, type Project, signal } from "../../../../tests/helpers/samocode-project.ts";

/** A session with a worktree and one commit on its branch, stopped (blocked) after its first iteration. */
async function stoppedSession(): Promise<{ project: Project; dir: string }> {
  const project = await makeProject({
    script: {
      runs: [
        [
          "init",
          { write: { path: "{cwd}/feature.txt", text: "new\n" } },
          { commit: { message: "add the feature" } },
          signal({ status: "blocked", reason: "stop here for the review test", needs: "human_decision" }),
        ],
      ],
    },
  });
  const run = await project.cli(["run", "--task", "Add a feature", "--name", "feat"]);
  expect(run.exitCode, run.stderr).toBe(11);
  return { project, dir: await project.waitForSession() };
}

async function reviewerScript(project: Project, name: string, run: unknown[]): Promise<string> {
  const path = join(project.root, name);
  await writeFile(path, JSON.stringify({ runs: [run] }));
  return path;
}

describe("samocode review --with <cli>", () => {
  it("writes the reviewer's findings as an artifact and its cost as a row; a missing CLI, a bad base or a failed run writes no review", async () => {
    const { project, dir } = await stoppedSession();
    const hook = await project.hook(dir);

    const badBase = await project.cli(["review", "--with", "codex", "--base", "no-such-ref", "feat"]);
    expect(badBase.exitCode).toBe(2);
    expect(badBase.stderr).toMatch(/base "no-such-ref" is not a commit in /);

    const missing = await project.cli(["review", "--with", "gemini", "feat"], {
      GEMINI_PATH: "no-such-gemini",
    });
    expect(missing.exitCode).toBe(4);
    expect(missing.stderr).toBe(
      "samocode: warning: gemini is not installed (no-such-gemini not found on PATH)",
    );

    const record = join(project.root, "record.jsonl");
    const good = await reviewerScript(project, "good.json", [
      "init",
      { say: "## Findings\n- none\n\n## Verdict\n0 blocking, 0 non-blocking." },
      { result: { costUsd: 0.12, inputTokens: 900, outputTokens: 30 } },
    ]);
    const reviewed = await project.cli(["review", "--with", "claude", "feat"], {
      SAMOCODE_SCRIPT: good,
      SAMOCODE_SCRIPT_RECORD: record,
    });
    expect(reviewed.exitCode, reviewed.stderr).toBe(0);
    expect(reviewed.stderr).toBe(`claude is reviewing ${hook.session}…`);
    const artifact = reviewed.stdout.trim();
    expect(artifact).toMatch(new RegExp(`^${dir}/\\d{2}-\\d{2}-\\d{4}-quality-review-external-claude\\.md$`));
    const text = await readFile(artifact, "utf8");
    const base = await git(hook.worktree ?? "", "rev-parse", "main");
    expect(text).toContain(`- Reviewed: \`main\` (${base.slice(0, 12)})`);
    expect(text).toContain("$0.1200");
    expect(text).toContain("## Findings\n- none\n");
    const [claude] = await readRecords(record);
    const argv = claude?.argv as string[];
    expect(argv[argv.indexOf("--plugin-dir") + 1]).toMatch(/\/plugin$/);
    expect(argv.at(-1)).toContain(`git -C ${hook.worktree} diff main...HEAD`);

    const broken = await reviewerScript(project, "broken.json", [
      "init",
      { error: { kind: "overload" } },
      { exit: 1 },
    ]);
    const failed = await project.cli(["review", "--with", "claude", "feat"], { SAMOCODE_SCRIPT: broken });
    expect(failed.exitCode).toBe(1);
    expect(failed.stderr).toMatch(
      /warning: claude exited 1: .*; no review written \(log: .*review-.*-claude\.jsonl\)/,
    );

    const costs = await readExternalCosts(dir);
    expect(costs.rows.map((row) => [row.provider, row.outcome, row.costUsd, row.artifact])).toEqual([
      ["claude", "exited", 0.12, artifact.slice(dir.length + 1)],
      ["claude", "exited", 0, null],
    ]);
    expect(new Set(costs.rows.map((row) => row.id)).size).toBe(2);
    expect((await readdir(dir)).filter((f) => f.includes("quality-review"))).toHaveLength(1);
  });
});
