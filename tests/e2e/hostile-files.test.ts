// Issue 13, end to end: files and folders in a session made hostile while it runs — a garbage lease beside a
// live loop (failure 1), `_inbox` and `_logs` turned into symlinks out of SESSIONS (failure 3), a file where
// `_inbox/delivered` belongs (failure 4). Each is one line naming the path and the fix, nothing is written
// outside, and after the fix the session goes on with no iteration lost or repeated.
import { existsSync } from "node:fs";
import { lstat, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeProject, signal } from "../helpers/samocode-project.ts";
import { makeTempDir } from "../helpers/temp-dir.ts";

const prompts = async (record: string) => (await readFile(record, "utf8").catch(() => "")).trim().split("\n");

describe("a garbage lease beside a live loop", () => {
  it("is held, never taken: a second run exits 3 naming the file and the fix, and the first runs alone", async () => {
    const record = join(await makeTempDir(), "record.jsonl");
    const step = (n: number) => [
      "init",
      { sleep: 700 },
      signal({ status: "continue", summary: `step ${n}` }),
    ];
    const project = await makeProject({
      script: {
        runs: [
          step(1),
          step(2),
          step(3),
          ["init", signal({ status: "blocked", reason: "three steps done", needs: "human_decision" })],
        ],
      },
      env: { SAMOCODE_SCRIPT_RECORD: record },
    });
    const first = project.spawnCli(["run", "--task", "three steps", "--name", "steps"]);
    const dir = await project.waitForSession();
    await project.waitForHook(dir, (h) => h.attempt !== null);
    const lease = join(dir, "_lease.json");
    await writeFile(lease, "garbage");

    const second = await project.cli(["run", "steps"]);
    expect(second.exitCode).toBe(3);
    const line = second.stderr.trim();
    expect(line.split("\n")).toHaveLength(1);
    expect(line).toContain(`${lease} is not valid JSON`);
    expect(line).toContain(`if no samocode loop runs it (check pm2 ls and ps), remove it: rm ${lease}`);

    expect((await first).exitCode).toBe(11);
    const rows = await project.history(dir);
    expect(rows.map((r) => r.iteration)).toEqual([1, 2, 3, 4]);
    expect(await prompts(record)).toHaveLength(4);
    const overview = await readFile(join(dir, "_overview.md"), "utf8");
    for (const n of [1, 2, 3]) expect(overview.match(new RegExp(`#${n} `, "g"))).toHaveLength(1);
    // The first loop leaves a lease it does not own (the garbage) where it is.
    expect(await readFile(lease, "utf8")).toBe("garbage");
  });
});

describe("session folders an agent turned into symlinks out of SESSIONS", () => {
  it("block the session before the next provider run; nothing is written outside; after the fix it goes on", async () => {
    const outside = await makeTempDir("samo-outside-");
    const record = join(await makeTempDir(), "record.jsonl");
    const link = (name: string) => ({
      run: { command: ["sh", "-c", `rm -rf "{session}/${name}" && ln -s "${outside}" "{session}/${name}"`] },
    });
    const project = await makeProject({
      script: {
        runs: [
          ["init", link("_inbox"), link("_logs"), signal({ status: "continue", summary: "linked" })],
          ["init", signal({ status: "blocked", reason: "second step", needs: "human_decision" })],
        ],
      },
      env: { SAMOCODE_SCRIPT_RECORD: record },
    });
    const run = await project.cli(["run", "--task", "links", "--name", "links"]);
    expect(run.exitCode).toBe(11);
    const dir = await project.waitForSession();
    const hook = await project.hook(dir);
    expect(hook).toMatchObject({ state: "blocked", cause: "io-error", iteration: 1 });
    expect(hook.reason).toMatch(new RegExp(`^${dir}/_(inbox|logs) is a symlink \\(to ${outside}\\)`));
    expect(hook.reason).toMatch(/then: samocode resume \d\d-\d\d-\d\d-links$/);
    expect(await prompts(record)).toHaveLength(1);

    // A message cannot be delivered through the link either: the command refuses with the path.
    const sent = await project.cli(["send", "links", "hello"]);
    expect(sent.exitCode).toBe(2);
    expect(sent.stderr).toContain(`${dir}/_inbox is a symlink`);
    expect(await readdir(outside)).toEqual([]);

    for (const name of ["_inbox", "_logs"]) await rm(join(dir, name));
    // And a symlinked worker.log inside a real `_logs`: replaced, never appended to through the link.
    await mkdir(join(dir, "_logs"));
    await writeFile(join(outside, "worker.log"), "");
    await symlink(join(outside, "worker.log"), join(dir, "_logs", "worker.log"));
    expect((await project.cli(["resume", "links"])).exitCode).toBe(0);
    const again = await project.cli(["run", "links"]);
    expect(again.exitCode).toBe(11);
    expect(await project.hook(dir)).toMatchObject({ cause: "agent", reason: "second step", iteration: 2 });
    expect((await project.history(dir)).map((r) => r.iteration)).toEqual([1, 2]);
    expect(await prompts(record)).toHaveLength(2);
    expect(await readdir(outside)).toEqual(["worker.log"]);
    expect(await readFile(join(outside, "worker.log"), "utf8")).toBe("");
    expect((await lstat(join(dir, "_logs", "worker.log"))).isFile()).toBe(true);
  });
});

describe("a file where _inbox/delivered belongs", () => {
  it("blocks with the path after the iteration is committed, and resume finishes it without running it again", async () => {
    const record = join(await makeTempDir(), "record.jsonl");
    const project = await makeProject({
      script: {
        runs: [
          ["init", signal({ status: "waiting", for: "human_action" })],
          [
            "init",
            {
              run: {
                command: [
                  "sh",
                  "-c",
                  'rm -rf "{session}/_inbox/delivered" && echo x > "{session}/_inbox/delivered"',
                ],
              },
            },
            signal({ status: "continue", summary: "read the message" }),
          ],
          ["init", signal({ status: "blocked", reason: "third step", needs: "human_decision" })],
        ],
      },
      env: { SAMOCODE_SCRIPT_RECORD: record },
    });
    expect((await project.cli(["run", "--task", "mail", "--name", "mail", "--no-wait"])).exitCode).toBe(10);
    const dir = await project.waitForSession();
    expect((await project.cli(["send", "mail", "please go on"])).exitCode).toBe(0);
    const run = await project.cli(["run", "mail"]);
    expect(run.exitCode).toBe(11);
    const delivered = join(dir, "_inbox", "delivered");
    const hook = await project.hook(dir);
    expect(hook).toMatchObject({ state: "blocked", cause: "io-error", iteration: 2 });
    expect(hook.reason).toBe(
      `${delivered} is a regular file, not a folder; move it away (mv ${delivered} ${delivered}.bak) and it is made again as a folder; fix it, then: samocode resume ${hook.session}`,
    );
    // Iteration 2 is committed in the hook; its history row waits for the delivery.
    expect((await project.history(dir)).map((r) => r.iteration)).toEqual([1]);

    await rm(delivered);
    expect((await project.cli(["resume", "mail"])).exitCode).toBe(0);
    expect((await project.cli(["run", "mail"])).exitCode).toBe(11);
    expect(await project.hook(dir)).toMatchObject({ cause: "agent", reason: "third step", iteration: 3 });
    expect((await project.history(dir)).map((r) => r.iteration)).toEqual([1, 2, 3]);
    expect(await prompts(record)).toHaveLength(3);
    const moved = await readdir(delivered);
    expect(moved).toHaveLength(1);
    expect(existsSync(join(dir, "_inbox", moved[0] ?? ""))).toBe(false);
  });
});
