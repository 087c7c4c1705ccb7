// Stall detection by the supervisor under a real PM2 daemon, with a stall bound of 3 s: a provider that
// hangs silently is stopped and re-run with a note, then blocked; one that keeps printing is left alone.
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import { ECOSYSTEM, makePm2Home, type Pm2Home } from "../helpers/pm2-home.ts";
import { makeProject, signal } from "../helpers/samocode-project.ts";
import { makeTempDir } from "../helpers/temp-dir.ts";
import { recordedPrompts } from "./scripts.ts";

let pm2: Pm2Home;
beforeAll(async () => {
  pm2 = await makePm2Home();
});
afterAll(async () => {
  await pm2?.destroy();
});

const STALL = { SAMOCODE_STALL_MINUTES: "0.05", SAMOCODE_MAX_STALLS: "2", SAMOCODE_KILL_GRACE: "1" };

async function supervised(script: unknown, record: string) {
  const project = await makeProject({
    script,
    env: { PM2_HOME: pm2.home, SAMOCODE_SCRIPT_RECORD: record, ...STALL },
  });
  onTestFinished(() => pm2.reset(project.env));
  const started = await pm2.pm2(["start", ECOSYSTEM], { env: project.env, cwd: project.root });
  expect(started.exitCode, started.stderr).toBe(0);
  return project;
}

describe("stall detection", () => {
  it("stops a silent provider, re-runs it with a note, and blocks after SAMOCODE_MAX_STALLS", async () => {
    const record = `${await makeTempDir()}/record.jsonl`;
    const project = await supervised({ runs: [["init", { say: "thinking…" }, "hang"]] }, record);
    expect((await project.cli(["spawn", "Hang forever", "--name", "hang"])).exitCode).toBe(0);
    const dir = await project.waitForSession();
    const hook = await project.waitForSettled(dir, 90_000);
    expect(hook.cause).toBe("stalled");
    expect(hook.reason).toMatch(/^stalled 2 times in phase investigation/);
    // SAMOCODE_STALL_MINUTES=0.05 is seconds, said in seconds (issue 13: it read "about 1 min").
    expect(hook.reason).toMatch(/\(the last after \d+ s without activity\)$/);
    expect(hook.stalls.investigation).toBe(2);
    const rows = await project.history(dir);
    expect(rows.map((r) => r.rejection)).toEqual([
      expect.stringMatching(/^stalled: no activity/),
      expect.stringMatching(/^stalled: no activity/),
    ]);
    const prompts = await recordedPrompts(record);
    expect(prompts).toHaveLength(2);
    expect(prompts[1]).toMatch(/The previous attempt stalled/);
  }, 120_000);

  it("leaves a slow provider alone while it keeps producing events", async () => {
    const record = `${await makeTempDir()}/record.jsonl`;
    const chatter = Array.from({ length: 8 }, (_, i) => [
      { say: `still working ${i}` },
      { sleep: 1000 },
    ]).flat();
    const project = await supervised(
      {
        runs: [
          [
            "init",
            ...chatter,
            signal({ status: "blocked", reason: "slow but alive", needs: "human_decision" }),
          ],
        ],
      },
      record,
    );
    expect((await project.cli(["spawn", "Slow work", "--name", "slow"])).exitCode).toBe(0);
    const dir = await project.waitForSession();
    const hook = await project.waitForSettled(dir, 90_000);
    expect(hook).toMatchObject({ cause: "agent", reason: "slow but alive" });
    expect(hook.stalls).toEqual({});
    expect(await recordedPrompts(record)).toHaveLength(1);
  }, 120_000);
});
