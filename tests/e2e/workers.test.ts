import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeProject, signal } from "../helpers/samocode-project.ts";
import { makeTempDir } from "../helpers/temp-dir.ts";
import { recordedArgv, recordedPrompts } from "./scripts.ts";

const blocked = (reason: string) => ["init", signal({ status: "blocked", reason, needs: "human_decision" })];

describe("coordinator and worker sessions", () => {
  it("waits for its workers and receives each one's outcome in its inbox", async () => {
    const record = join(await makeTempDir(), "record.jsonl");
    // One script, played in invocation order across the three sessions (the order is driven below).
    const runs = [
      blocked("lead pauses"),
      blocked("api needs a DB"),
      ["init", signal({ status: "waiting", for: "human_action" })],
      ["init", signal({ status: "waiting", for: "workers" })],
      blocked("db is down"),
      blocked("lead saw both"),
    ];
    const project = await makeProject({ script: { runs }, env: { SAMOCODE_SCRIPT_RECORD: record } });
    expect((await project.cli(["run", "--task", "Split the work", "--name", "lead"])).exitCode).toBe(11);
    const leadDir = await project.waitForSession();
    expect(
      (await project.cli(["run", "--parent", "lead", "--task", "Build the API", "--name", "api"])).exitCode,
    ).toBe(11);
    expect(
      (await project.cli(["run", "--parent", "lead", "--task", "Build the DB", "--name", "db", "--no-wait"]))
        .exitCode,
    ).toBe(10);

    expect((await project.cli(["resume", "lead"])).exitCode).toBe(0);
    const lead = project.spawnCli(["run", "lead"]);
    await project.waitForHook(leadDir, (h) => h.waitingFor === "workers");
    expect((await project.cli(["resume", "lead/db"])).exitCode).toBe(0);
    expect((await project.cli(["run", "lead/db"])).exitCode).toBe(11);
    expect((await lead).exitCode).toBe(11);

    const prompts = await recordedPrompts(record);
    expect(prompts).toHaveLength(6);
    const last = prompts[5] ?? "";
    expect(last).toMatch(/All workers have settled/);
    // The api worker settled before the lead waited: its report reached that earlier iteration.
    expect(prompts[3]).toMatch(/Worker [\w-]+\/api is blocked: api needs a DB/);
    expect(last).toMatch(/Worker [\w-]+\/db is blocked: db is down/);
    const agents = (await recordedArgv(record)).map((argv) => argv[argv.indexOf("--agents") + 1] ?? "");
    expect(agents[1]).toContain("# Role: worker");
    expect(agents[0]).not.toContain("# Role:");
    expect(agents[5]).toContain("# Role: coordinator");
    // A settled worker started again does not report twice.
    expect((await project.cli(["run", "lead/api"])).exitCode).toBe(11);
    expect((await project.cli(["inbox", "lead", "--json"])).stdout.trim()).toBe("[]");
    const api = await project.hook(join(leadDir, "workers", "api"));
    expect(api.parent).toBe((await project.hook(leadDir)).session);
    expect(api.reportedOutcome).toMatch(/^blocked:/);
  });
});
