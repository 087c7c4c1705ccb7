// Issue 13, failure 4, with a real full disk: SESSIONS on a small tmpfs, filled by the agent in the middle of
// a session. The session is blocked with the ENOSPC reason (the loop's space reserve makes room to record
// it), nothing is torn, and once space is freed `samocode resume` + `samocode run` finish it with every
// iteration applied exactly once. And where not even the blocked state can be written (a session folder made
// immutable), the loop ends with the reason, the hook as last committed, and goes on once it can write.
// Needs root, mount(2) and chattr: elsewhere each test is skipped, saying why.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it, onTestFinished } from "vitest";
import { makeProject, signal } from "../helpers/samocode-project.ts";
import { makeTempDir } from "../helpers/temp-dir.ts";

const SIZE = "4m";

/** Mounts a small tmpfs at `dir`, or says why it cannot. */
function mountTmpfs(dir: string): string | undefined {
  try {
    execFileSync("mount", ["-t", "tmpfs", "-o", `size=${SIZE}`, "tmpfs", dir], { stdio: "pipe" });
    return undefined;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return stderr || (error instanceof Error ? error.message : String(error));
  }
}

const step = (to: string) => ["init", signal({ status: "continue", phase: to })];

describe("SESSIONS on a filesystem that fills up mid-session", () => {
  it("blocks with the ENOSPC reason, tears nothing, and goes on once space is freed", async (ctx) => {
    const record = join(await makeTempDir(), "record.jsonl");
    const fill = {
      run: { command: ["sh", "-c", 'head -c 64000000 /dev/zero > "{session}/../filler" 2>/dev/null; true'] },
    };
    const project = await makeProject({
      script: {
        phases: {
          investigation: [step("requirements")],
          // The agent writes its signal, then fills the disk: the loop meets ENOSPC committing it.
          requirements: [["init", signal({ status: "continue", phase: "planning" }), fill]],
          planning: [step("implementation")],
          implementation: [step("testing")],
          testing: [step("done")],
          done: [["init", signal({ status: "done", summary: "finished" })]],
        },
      },
      env: { SAMOCODE_SCRIPT_RECORD: record },
    });
    await mkdir(project.sessions, { recursive: true });
    const refused = mountTmpfs(project.sessions);
    if (refused !== undefined) {
      console.warn(
        `full-disk e2e skipped: cannot mount a tmpfs for SESSIONS (needs root and mount): ${refused}`,
      );
      ctx.skip();
      return;
    }
    onTestFinished(() => {
      execFileSync("umount", ["-l", project.sessions]);
    });

    const first = await project.cli(["run", "--task", "fill the disk", "--name", "full", "--auto-approve"]);
    expect(first.exitCode, first.stderr).toBe(11);
    const dir = await project.waitForSession();
    const hook = await project.hook(dir);
    expect(hook).toMatchObject({ state: "blocked", cause: "io-error", phase: "requirements", iteration: 1 });
    expect(hook.reason).toMatch(
      /: no space left on the device; free some space there \(ENOSPC\); fix it, then: samocode resume \d\d-\d\d-\d\d-full$/,
    );
    expect(hook.reason).toContain(dir);
    expect(first.stdout).toContain("blocked");
    // Nothing torn: every state file parses, no temp file is left, the agent's signal waits to be applied.
    expect(hook.attempt).toMatchObject({ iteration: 2 });
    expect((await readdir(dir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    expect(JSON.parse(await readFile(join(dir, "_signal.json"), "utf8"))).toMatchObject({
      phase: "planning",
    });
    expect((await project.history(dir)).map((r) => r.iteration)).toEqual([1]);

    await rm(join(project.sessions, "filler"));
    const resumed = await project.cli(["resume", "full"]);
    expect(resumed.exitCode, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/the session goes on; no loop runs it now; go on with: samocode run/);
    const finished = await project.cli(["run", "full"]);
    expect(finished.exitCode, finished.stderr).toBe(0);

    const done = await project.hook(dir);
    expect(done).toMatchObject({ state: "done", iteration: 6, attempt: null });
    const rows = await project.history(dir);
    expect(rows.map((r) => [r.iteration, r.toPhase])).toEqual([
      [1, "requirements"],
      [2, "planning"],
      [3, "implementation"],
      [4, "testing"],
      [5, "done"],
      [6, "done"],
    ]);
    // Iteration 2's provider ran once: its signal was applied after the fix, not run again.
    expect((await readFile(record, "utf8")).trim().split("\n")).toHaveLength(6);
    expect(existsSync(join(dir, "_logs", "space.reserve"))).toBe(false);
  });
  it("ends with the reason when not even the blocked state can be written, and goes on once it can", async (ctx) => {
    const record = join(await makeTempDir(), "record.jsonl");
    const project = await makeProject({
      script: {
        phases: {
          investigation: [step("requirements")],
          // The agent writes its signal, then makes the session folder immutable (chattr +i): no file can
          // be created in it any more, not by root either, so the hook can be neither committed nor blocked.
          requirements: [
            [
              "init",
              signal({ status: "continue", phase: "planning" }),
              { run: { command: ["chattr", "+i", "{session}"] } },
            ],
          ],
          planning: [["init", signal({ status: "blocked", reason: "all applied", needs: "human_decision" })]],
        },
      },
      env: { SAMOCODE_SCRIPT_RECORD: record },
    });
    await mkdir(project.sessions, { recursive: true });
    const refused = mountTmpfs(project.sessions);
    if (refused !== undefined) {
      console.warn(
        `read-only e2e skipped: cannot mount a tmpfs for SESSIONS (needs root and mount): ${refused}`,
      );
      ctx.skip();
      return;
    }
    onTestFinished(() => {
      execFileSync("umount", ["-l", project.sessions]);
    });

    const first = await project.cli(["run", "--task", "immutable", "--name", "ro", "--auto-approve"]);
    const dir = await project.waitForSession();
    // Before the unmount (hooks run last first); harmless when the test already made it writable again.
    onTestFinished(() => {
      spawnSync("chattr", ["-i", dir], { stdio: "ignore" });
    });
    if ((await project.hook(dir)).cause === "agent") {
      console.warn("immutable-folder e2e skipped: chattr +i is not supported here");
      ctx.skip();
      return;
    }
    expect(first.exitCode, first.stderr).toBe(11);
    expect(first.stderr).toMatch(
      /samocode: cannot write \S+\/_hook\.json: operation not permitted; .*\(EPERM\); fix it, then: samocode resume \d\d-\d\d-\d\d-ro \(the blocked state could not be recorded either: cannot write /,
    );
    // The hook is the last one committed: iteration 2 in flight, its signal waiting; nothing torn.
    const hook = await project.hook(dir);
    expect(hook).toMatchObject({ state: "running", iteration: 1, attempt: { iteration: 2 } });
    expect((await readdir(dir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);

    execFileSync("chattr", ["-i", dir]);
    // Not blocked (that could not be written): the session is running with no loop, and resume says so.
    const resumed = await project.cli(["resume", "ro"]);
    expect(resumed.stdout).toMatch(
      /is running, but no loop ran it; no loop runs it now; go on with: samocode run/,
    );
    const again = await project.cli(["run", "ro"]);
    expect(again.exitCode, again.stderr).toBe(11);
    expect(await project.hook(dir)).toMatchObject({ cause: "agent", reason: "all applied", iteration: 3 });
    expect((await project.history(dir)).map((r) => r.iteration)).toEqual([1, 2, 3]);
    expect((await readFile(record, "utf8")).trim().split("\n")).toHaveLength(3);
  });
});
