// Issue 14, played as a new user would: an empty HOME, `./samocode install` from the checkout, then — from a
// repository outside the checkout, with another Node first on PATH — init, spawn (scripted provider), show
// at each gate, answer, approve, diff, status --json and `pm2 logs`. Every hint printed on the way is run
// exactly as printed (placeholders filled in), from the folder the user would be in. Real git, a real PM2
// under a short PM2_HOME; only the agent is scripted.
import { existsSync } from "node:fs";
import { readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { execa } from "execa";
import { afterAll, describe, expect, it, onTestFinished } from "vitest";
import { makeGitRepo } from "../helpers/git-repo.ts";
import { makePm2Home, type Pm2Home, waitFor } from "../helpers/pm2-home.ts";
import { makeTempDir } from "../helpers/temp-dir.ts";

const CHECKOUT = fileURLToPath(new URL("../../", import.meta.url)).replace(/\/$/, "");
const LAUNCHER = join(CHECKOUT, "samocode");
const DEMO_SCRIPT = join(CHECKOUT, "examples", "demo-script.yaml");
/** A Node that is not samocode's (the machine's own; Node 20 on CI), put first on the user's PATH. */
const OTHER_NODE = ["/usr/local/bin/node", "/usr/bin/node"].find((path) => existsSync(path));

let pm2: Pm2Home | undefined;
afterAll(async () => {
  await pm2?.destroy();
});

type Run = { exitCode: number; stdout: string; stderr: string };

describe("a new user's path", () => {
  it.runIf(OTHER_NODE !== undefined)(
    "install, init, spawn, the gates, diff, status and pm2 logs, with every printed hint run as printed",
    async () => {
      pm2 = await makePm2Home();
      const home = await makeTempDir("samo-newcomer-home-");
      const bin = join(home, ".local", "bin");
      const nodeDir = (OTHER_NODE ?? "").replace(/\/node$/, "");
      const env = { HOME: home, PATH: `${bin}:${nodeDir}:/usr/bin:/bin`, PM2_HOME: pm2.home };
      const sh = async (command: string, cwd: string): Promise<Run> => {
        const result = await execa("bash", ["-c", command], {
          cwd,
          env,
          extendEnv: false,
          reject: false,
          stdin: "ignore",
          timeout: 120_000,
        });
        return { exitCode: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
      };
      /** Runs `command` exactly as `printed` shows it (after filling `fill`'s placeholders), and expects 0. */
      const asPrinted = async (
        printed: string,
        command: string,
        cwd: string,
        fill: Record<string, string> = {},
      ) => {
        expect(printed).toContain(command);
        let filled = command;
        for (const [placeholder, value] of Object.entries(fill)) filled = filled.replace(placeholder, value);
        const run = await sh(filled, cwd);
        expect(run.exitCode, `${filled}\n${run.stderr}`).toBe(0);
        return run;
      };

      const other = await sh("node --version", home);
      expect(other.stdout).not.toMatch(/^v24\./);

      // 1. The install command, from the checkout's launcher: puts `samocode` on PATH (and the skills).
      const installed = await sh(`${LAUNCHER} install`, home);
      expect(installed.exitCode, installed.stderr).toBe(0);
      expect(installed.stdout).toContain(`command: installed ${join(bin, "samocode")} → ${LAUNCHER}`);
      expect(installed.stderr).not.toMatch(/not on your PATH/);
      expect((await sh("command -v samocode", home)).stdout).toBe(join(bin, "samocode"));

      // 2. In the user's own repo, outside the checkout: init, then the provider in .env.
      const repo = await makeGitRepo("samo-newcomer-repo-");
      // init's defaults put worktrees and sessions beside the repo, outside its temp folder.
      onTestFinished(() => rm(`${repo}-samocode`, { recursive: true, force: true }));
      const init = await sh("samocode init", repo);
      expect(init.exitCode, init.stderr).toBe(0);
      await writeFile(join(repo, ".env"), `SAMOCODE_PROVIDER=scripted\nSAMOCODE_SCRIPT=${DEMO_SCRIPT}\n`);
      await asPrinted(init.stdout, "samocode doctor", repo);

      // 3. spawn: returns at once with where things live and what to type.
      const spawned = await sh('samocode spawn "Add a greet(name) helper with a test" --name greet', repo);
      expect(spawned.exitCode, spawned.stderr).toBe(0);
      const id = /^(\S+-greet): spawned as PM2 worker/m.exec(spawned.stdout)?.[1] ?? "";
      expect(id).toMatch(/^\d\d-\d\d-\d\d-greet$/);
      const sessionDir = join(`${repo}-samocode`, "sessions", id);
      const worktree = join(`${repo}-samocode`, "worktrees", id);
      expect(spawned.stdout).toContain(`folder:    ${sessionDir}`);
      expect(spawned.stdout).toContain(`worktree:  ${worktree} on branch samocode/greet`);
      // The first spawn brings up the supervisor too, and says how to look at it.
      await asPrinted(spawned.stderr, "samocode supervisor status", repo);
      const hook = () => readFile(join(sessionDir, "_hook.json"), "utf8").then((t) => JSON.parse(t));
      const waitingFor = (what: string) =>
        waitFor(async () => ((await hook().catch(() => ({}))).waitingFor === what ? true : undefined));

      // 4. The Q&A gate: show names the questions; the hints it prints work, also from another folder.
      await waitingFor("qa_answers");
      await asPrinted(spawned.stdout, `samocode status ${id}`, repo);
      const qaShown = await asPrinted(spawned.stdout, `samocode show ${id}`, repo);
      expect(qaShown.stdout).toContain('Q1: What should greet("Ada") return?');
      expect(qaShown.stdout).toContain('a) "Hello, Ada!"');
      const config = join(repo, ".samocode");
      const elsewhere = await sh(`samocode --config ${config} show greet`, "/");
      expect(elsewhere.exitCode).toBe(0);
      await asPrinted(elsewhere.stdout, `samocode --config ${config} answer ${id} <answers…>`, "/", {
        "<answers…>": "'Hello, Ada!' yes",
      });
      // Inside the session's worktree, the project is found (it lies outside the repo's tree).
      const inWorktree = await sh("samocode status --json", worktree);
      expect(inWorktree.exitCode, inWorktree.stderr).toBe(0);
      expect(JSON.parse(inWorktree.stdout).rows[0].session).toBe(id);

      // 5. The plan gate: show prints the plan; status --json carries the paths.
      await waitingFor("plan_approval");
      const planShown = await asPrinted(spawned.stdout, `samocode show ${id}`, repo);
      expect(planShown.stdout).toContain("# Plan: add greet() with a test");
      await asPrinted(planShown.stdout, `samocode diff ${id} --stat`, repo);
      const status = JSON.parse((await sh("samocode status --json", repo)).stdout);
      expect(status.rows[0]).toMatchObject({
        session: id,
        dir: sessionDir,
        worktree,
        branch: "samocode/greet",
        plan: expect.stringMatching(new RegExp(`^${sessionDir}/\\d\\d-\\d\\d-\\d{4}-plan-greet\\.md$`)),
        loop: "live",
      });
      // PM2's own log view shows what the agent does, one line per action (while its worker is there: the
      // supervisor deletes a finished session's app).
      const pm2Logs = await sh("samocode pm2 logs --nostream --lines 400", repo);
      expect(pm2Logs.exitCode).toBe(0);
      const out = stripVTControlCharacters(pm2Logs.stdout);
      // PM2 prefixes each line with `<id>|<app name, cut>`; the app names are issue 12's.
      expect(out).toMatch(/^\d+\|\S+\s*\| ── iteration 4 · planning · attempt \d+ ──$/m);
      expect(out).toMatch(/^\d+\|\S+\s*\| → Write \S*-plan-greet\.md$/m);
      expect(out).toMatch(/^\d+\|\S+\s*\| ◆ \S+ iteration applied · iteration=4 /m);
      await asPrinted(planShown.stdout, `samocode approve ${id}`, repo);
      await waitFor(async () => ((await hook()).state === "done" ? true : undefined));

      // 6. After: the diff, the log (which ends with the loop), and stop.
      const diff = await asPrinted(spawned.stdout, `samocode diff ${id}`, repo);
      expect(diff.stdout).toContain("+++ b/greet.js");
      const logs = await asPrinted(spawned.stdout, `samocode logs ${id} -f`, repo);
      expect(logs.stdout).toMatch(/loop ended · state=done/);
      const stopped = await asPrinted(spawned.stdout, `samocode stop ${id}`, repo);
      expect(stopped.stdout).toMatch(/it is done/);
    },
  );
});
