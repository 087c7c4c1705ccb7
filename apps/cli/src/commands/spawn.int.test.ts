import { existsSync } from "node:fs";
import { readdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeGitRepo } from "../../../../tests/helpers/git-repo.ts";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { runCli } from "../run-cli.test-support.ts";

async function project(): Promise<{ cwd: string; env: Record<string, string> }> {
  const cwd = await makeTempDir("samo-spawn-");
  // A real repo: spawn checks MAIN_REPO and the base before it looks at the rest.
  const repo = await makeGitRepo();
  await writeFile(
    join(cwd, ".samocode"),
    `MAIN_REPO=${repo}\nWORKTREES=${cwd}/wt\nSESSIONS=${cwd}/sessions\n`,
  );
  // No daemon may be started by a spawn that is refused: PM2_HOME points at a folder that must stay absent.
  return { cwd, env: { PM2_HOME: join(cwd, "pm2") } };
}

describe("samocode spawn (refusals)", () => {
  it("refuses bad budgets, convoy names and parents before creating anything", async () => {
    const { cwd, env } = await project();
    const cases = [
      [["spawn", "a task", "--budget-usd", "-3"], /--budget-usd takes an amount above 0/],
      [["spawn", "a task", "--budget-tokens", "1.5"], /--budget-tokens takes a whole number above 0/],
      [["spawn", "a task", "--convoy", "../up"], /invalid convoy name/],
      [["spawn", "a task", "--parent", "nobody"], /no session matches "nobody"/],
      [["spawn", "a task", "--name", "Bad Name"], /invalid session name/],
      [["spawn"], /missing required argument 'task'/],
    ] as const;
    for (const [args, message] of cases) {
      const run = await runCli(args, { cwd, env });
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(message);
    }
    const sessions = await readdir(join(cwd, "sessions")).catch(() => []);
    expect(sessions.filter((name) => !name.startsWith("_"))).toEqual([]);
    expect(existsSync(join(cwd, "pm2"))).toBe(false);
  });
});
