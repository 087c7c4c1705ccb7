// The installed skill, seen by the real Claude Code and Codex binaries (offline, against the fake model
// API): this is the test that fails the day either CLI stops reading skills where we write them.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  CLAUDE_TEST_MODEL,
  claudeEnv,
  codexEnv,
  REAL_CLAUDE,
  REAL_CODEX,
} from "../../../../tests/fake-model-api/cli-env.ts";
import { type FakeModelApi, startFakeModelApi } from "../../../../tests/fake-model-api/fake-model-api.ts";
import { codexArgv } from "../../../../tests/fake-model-api/fixture-scenarios.ts";
import { runCli } from "../../../../tests/fake-model-api/run-cli.ts";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { installOwnedFiles } from "./owned-files.ts";
import { renderSkill } from "./skill-source.ts";
import { skillFile } from "./skill-targets.ts";

const DESCRIPTION_START = "Hand a coding task to samocode";

let api: FakeModelApi;

beforeAll(async () => {
  api = await startFakeModelApi({ turns: [], finalText: "ok" });
});

afterAll(async () => {
  await api.close();
});

async function homeWithSkill(): Promise<{ home: string; work: string }> {
  const home = await makeTempDir("samo-skill-home-");
  const work = join(home, "work");
  await mkdir(work);
  const content = await renderSkill("samocode");
  const files = (["claude", "codex"] as const).map((target) => ({
    target,
    file: skillFile(target, { home }),
    content,
  }));
  const changes = await installOwnedFiles(files);
  expect(changes.map((c) => c.outcome)).toEqual(["installed", "installed"]);
  return { home, work };
}

describe("the installed skill in the real CLIs", () => {
  it("Claude Code lists it from ~/.claude/skills and offers its description to the model", async () => {
    const { home, work } = await homeWithSkill();
    const env = await claudeEnv(api, home, { sandbox: true });
    const args = ["-p", "hi", "--output-format", "stream-json", "--verbose", "--model", CLAUDE_TEST_MODEL];
    const run = await runCli(REAL_CLAUDE, [...args, "--dangerously-skip-permissions"], {
      cwd: work,
      env,
      killAfterMs: 60_000,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const init = run.stdout
      .split("\n")
      .map((line) => (line.startsWith("{") ? (JSON.parse(line) as Record<string, unknown>) : {}))
      .find((event) => event.subtype === "init");
    expect(init?.skills).toContain("samocode");
    const bodies = JSON.stringify(api.mainRequests().map((request) => request.body));
    expect(bodies).toContain(DESCRIPTION_START);
  });

  it("Codex lists it from ~/.agents/skills with its path", async () => {
    const { home, work } = await homeWithSkill();
    const before = api.requests.length;
    const env = await codexEnv(api, home);
    const run = await runCli(REAL_CODEX, codexArgv({ prompt: "hi", worktree: work }), {
      cwd: work,
      env,
      killAfterMs: 60_000,
    });
    expect(run.exitCode, run.stderr).toBe(0);
    const bodies = JSON.stringify(api.requests.slice(before).map((request) => request.body));
    expect(bodies).toContain(`- samocode: ${DESCRIPTION_START}`);
    expect(bodies).toContain(join(home, ".agents", "skills"));
  });
});
