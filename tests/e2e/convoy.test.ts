// A three-session convoy under a real PM2 daemon and the supervisor, with Telegram pointed at the fake Bot
// API: it lands, the "landed" message goes out exactly once — also after the supervisor is SIGKILLed and
// restarted by PM2 — and `convoy status` and `convoy merge` see and merge all three.
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { E2E_TOKEN as TOKEN, telegramEnv } from "../fake-bot-api/e2e-chat.ts";
import { type FakeBotApi, startFakeBotApi } from "../fake-bot-api/fake-bot-api.ts";
import { git } from "../helpers/git-repo.ts";
import { ECOSYSTEM, makePm2Home, type Pm2Home } from "../helpers/pm2-home.ts";
import { makeProject, signal } from "../helpers/samocode-project.ts";

let pm2: Pm2Home;
let api: FakeBotApi;
beforeAll(async () => {
  pm2 = await makePm2Home();
  api = await startFakeBotApi({ token: TOKEN });
});
afterAll(async () => {
  await pm2?.destroy();
  await api?.close();
});

/** Every session writes the same file with the same text, so the three branches merge without conflict. */
const SHIP = {
  phases: {
    investigation: [["init", signal({ status: "continue", phase: "requirements" })]],
    requirements: [["init", signal({ status: "continue", phase: "planning" })]],
    planning: [["init", signal({ status: "waiting", for: "plan_approval" })]],
    implementation: [
      [
        "init",
        { write: { path: "{cwd}/shipped.txt", text: "shipped\n" } },
        { commit: { message: "ship it from {session}" } },
        signal({ status: "continue", phase: "testing" }),
      ],
    ],
    testing: [["init", signal({ status: "continue", phase: "done" })]],
    done: [["init", signal({ status: "done", summary: "shipped" })]],
  },
};

async function until<T>(what: string, find: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("convoys", () => {
  it("lands three sessions, announces it once across a supervisor restart, and merges them", async () => {
    const telegram = telegramEnv(api);
    const project = await makeProject({ script: SHIP, env: { PM2_HOME: pm2.home, ...telegram } });
    const started = await pm2.pm2(["start", ECOSYSTEM], { env: project.env, cwd: project.root });
    expect(started.exitCode, started.stderr).toBe(0);
    const created = await project.cli([
      "convoy",
      "create",
      "ship",
      "--task",
      "first part",
      "--task",
      "second part",
      "--task",
      "third part",
      "--auto-approve",
    ]);
    expect(created.exitCode, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/convoy ship: 3 sessions/);
    const again = await project.cli(["convoy", "create", "ship", "--task", "x"]);
    expect(again.exitCode).toBe(2);
    expect(again.stderr).toMatch(/convoy ship already exists/);
    // A name that fits but whose members' names would not is refused before anything is made.
    const long = "x".repeat(63);
    const tooLong = await project.cli(["convoy", "create", long, "--task", "a"]);
    expect(tooLong.exitCode).toBe(2);
    expect(tooLong.stderr).toMatch(/at most 63 characters/);
    expect(existsSync(join(project.sessions, "_convoys", `${long}.json`))).toBe(false);

    const landedMessages = () =>
      api.sent().filter((m) => m.text.includes("Convoy ship: all 3 sessions landed"));
    await until("the landed message", async () => (landedMessages().length > 0 ? true : undefined)).catch(
      async (error: Error) => {
        const shown = await project.cli(["convoy", "status", "ship"]);
        const log = await readFile(join(project.stateDir, "supervisor.log"), "utf8");
        throw new Error(
          `${error.message}\n${shown.stdout}${shown.stderr}\nsent: ${api
            .sent()
            .map((m) => m.text)
            .join(" | ")}\n${log.slice(-3000)}`,
        );
      },
    );
    const status = JSON.parse((await project.cli(["convoy", "status", "ship", "--json"])).stdout);
    expect(status).toMatchObject({ convoy: "ship", state: "landed", counts: { done: 3 } });
    expect(
      status.sessions.map((s: { session: string }) => s.session.replace(/^\d\d-\d\d-\d\d-/, "")),
    ).toEqual(["ship-1", "ship-2", "ship-3"]);

    const log = join(project.stateDir, "supervisor.log");
    const passesBefore = countLines(await readFile(log, "utf8"), "first reconcile pass done");
    const supervisor = (await pm2.jlist(project.env)).find((e) => e.name === "samocode-supervisor");
    process.kill(supervisor?.pid ?? 0, "SIGKILL");
    await until("the restarted supervisor's first pass", async () => {
      const text = await readFile(log, "utf8");
      return countLines(text, "first reconcile pass done") > passesBefore ? true : undefined;
    });
    // The first pass includes the convoy check; a repeated announcement would be queued by now, and the
    // outbox sends at once while the fake API is up.
    await new Promise((r) => setTimeout(r, 1_000));
    expect(landedMessages()).toHaveLength(1);
    const events = (await readFile(join(project.sessions, "_supervisor", "events.jsonl"), "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { kind: string; convoy?: string });
    expect(events.filter((e) => e.kind === "convoy-landed")).toEqual([
      expect.objectContaining({ kind: "convoy-landed", convoy: "ship" }),
    ]);

    const merged = await project.cli(["convoy", "merge", "ship"]);
    expect(merged.exitCode, merged.stderr).toBe(0);
    expect(merged.stdout.match(/merged samocode\/ship-\d into/g)).toHaveLength(3);
    expect(await git(project.repo, "show", "HEAD:shipped.txt")).toBe("shipped");
    // `samocode merge <convoy>` is the same merge: everything is in by now.
    const mergedAgain = await project.cli(["merge", "ship"]);
    expect(mergedAgain.exitCode, mergedAgain.stderr).toBe(0);
    expect(mergedAgain.stdout.match(/already contains samocode\/ship-\d/g)).toHaveLength(3);
  }, 180_000);
});

function countLines(text: string, needle: string): number {
  return text.split("\n").filter((line) => line.includes(needle)).length;
}
