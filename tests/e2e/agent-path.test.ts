// Issue 14: in a user's repo the agent's `node` and `pnpm` were samocode's pinned ones, because the CLI runs
// with tools/toolchain (and pnpm's node_modules/.bin folders) first on PATH. The agent now gets the PATH its
// user had when the session was created, without those — recorded in the session, so a worker started
// later with another PATH (PM2 after a reboot, the supervisor) gives it the same.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { EXIT_CODES } from "@samocode/core";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { FAKE_PROVIDER_BIN } from "../fake-provider/fake-provider.ts";
import { makeProject, signal } from "../helpers/samocode-project.ts";
import { makeTempDir } from "../helpers/temp-dir.ts";

const CHECKOUT = fileURLToPath(new URL("../../", import.meta.url));
const TOOLCHAIN_BIN = join(CHECKOUT, "tools", "toolchain", "node_modules", ".bin");
const WORKSPACE_BIN = join(CHECKOUT, "node_modules", ".bin");
const WORKER = join(CHECKOUT, "apps", "worker", "dist", "main.js");

/** The fake agent's shell tool writes the PATH it was given into the session folder. */
const recordPath = (file: string) => ({
  run: { command: ["sh", "-c", `printf '%s' "$PATH" > {session}/${file}`] },
});

describe("the agent's environment", () => {
  it("is its user's PATH without samocode's toolchain, also under a worker started later with another PATH", async () => {
    const userTools = await makeTempDir("samo-user-tools-");
    const project = await makeProject({
      script: {
        runs: [
          [
            "init",
            recordPath("path-1.txt"),
            signal({ status: "blocked", reason: "one", needs: "human_decision" }),
          ],
          [
            "init",
            recordPath("path-2.txt"),
            signal({ status: "blocked", reason: "two", needs: "human_decision" }),
          ],
        ],
      },
    });
    // The fake `claude` is the user's own CLI here, in a folder of their PATH.
    const userPath = [FAKE_PROVIDER_BIN, userTools, "/usr/bin", "/bin"].join(":");
    // What ./samocode and `pnpm samocode` leave on the CLI's PATH.
    const cliPath = [TOOLCHAIN_BIN, WORKSPACE_BIN, userPath].join(":");
    const first = await project.cli(["run", "--task", "look around", "--name", "p"], { PATH: cliPath });
    expect(first.exitCode, first.stderr).toBe(11);
    const dir = await project.waitForSession();
    expect(await readFile(join(dir, "path-1.txt"), "utf8")).toBe(userPath);
    expect(JSON.parse(await readFile(join(dir, "_agent_env.json"), "utf8"))).toEqual({ PATH: userPath });

    expect((await project.cli(["resume", "p"], { PATH: cliPath })).exitCode).toBe(0);
    // A worker as PM2 would start it after a reboot: the toolchain first, and no trace of the user's tools.
    const worker = await execa(process.execPath, [WORKER, "--session", "p"], {
      cwd: project.root,
      env: { ...project.env, PATH: `${TOOLCHAIN_BIN}:/usr/bin:/bin` },
      extendEnv: false,
      reject: false,
    });
    expect(worker.exitCode, worker.stderr).toBe(EXIT_CODES.workerSettled);
    expect(await readFile(join(dir, "path-2.txt"), "utf8")).toBe(userPath);
  });
});
