// The human actions have one implementation: `samocode answer` and a Telegram reply leave the same `_qa.md`
// and say the same words for the same input, and both give a PM2 session whose worker was killed its
// worker back, so the answer is acted on.
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type ActionEnv,
  createSession,
  type Hook,
  loadConfig,
  type SessionRef,
  wait,
  writeHook,
} from "@samocode/core";
import { createEventWatch, createNotifier, oneProject, startTelegramControl } from "@samocode/notify";
import { pm2LoopControl, workerLaunch } from "@samocode/supervisor";
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from "vitest";
import {
  actionsOn,
  CHAT,
  eventually,
  fakeBotApi,
  readableLogger,
  TOKEN,
} from "../../packages/notify/src/notify.test-support.ts";
import type { FakeBotApi } from "../fake-bot-api/fake-bot-api.ts";
import { makePm2Home, type Pm2Home, waitFor } from "../helpers/pm2-home.ts";
import { makeProject, type Project } from "../helpers/samocode-project.ts";
import { makeTempDir } from "../helpers/temp-dir.ts";
import { fullSession } from "./scripts.ts";

const QA =
  "### Q1: Which token format?\n- a) JWT\n- b) opaque\n**Suggestion:** a) JWT\n**Answer:** _waiting_\n\n" +
  "### Q2: Where are tokens kept?\n**Answer:** _waiting_\n\n" +
  "### Q3: How long does a session last?\n**Answer:** _waiting_\n";

/**
 * One input per row: the CLI gets each entry as an argument, Telegram the entries as the lines of a reply.
 * The last column is what both must say after the session id.
 */
const TABLE: Array<[string, string[], string]> = [
  ["answers in order", ["JWT", "httpOnly cookies"], "answered Q1, Q2; still open: Q3"],
  [
    "every question",
    ["JWT", "httpOnly cookies", "30 days"],
    "answered Q1, Q2, Q3; all questions are answered; no loop runs it now; go on with: samocode run",
  ],
  ["a labelled answer", ["Q2: httpOnly cookies"], "answered Q2; still open: Q1, Q3"],
  ["labelled, out of order", ["Q3: 30 days", "Q1: JWT"], "answered Q3, Q1; still open: Q2"],
  ["too many answers", ["a", "b", "c", "d"], "4 answers for 3 open question(s)"],
  ["an unknown question", ["Q9: x"], "there is no question Q9 (have Q1, Q2, Q3)"],
  ["an empty labelled answer", ["Q1:"], "the answer to Q1 is empty"],
  ["the same question twice", ["Q1: JWT", "Q1: opaque"], "Q1 is answered twice"],
];

let pm2: Pm2Home;
let api: FakeBotApi;
const savedHome = process.env.PM2_HOME;
beforeAll(async () => {
  pm2 = await makePm2Home();
  // The bot below runs in this process, so this process's PM2 client must mean the test daemon.
  process.env.PM2_HOME = pm2.home;
});
afterAll(async () => {
  await pm2?.destroy();
  if (savedHome === undefined) delete process.env.PM2_HOME;
  else process.env.PM2_HOME = savedHome;
});

/** A session of this name waiting at the Q&A gate, made the way its loop would leave it. */
async function waitingSession(sessionsRoot: string, now: Date): Promise<{ session: SessionRef; hook: Hook }> {
  const created = await createSession({
    sessionsRoot,
    task: "add auth",
    name: "auth",
    provider: "claude",
    now,
  });
  if (!created.ok) throw new Error(created.message);
  await writeFile(join(created.session.dir, "_qa.md"), QA);
  const hook = await writeHook(
    created.session.dir,
    wait({ ...created.hook, phase: "requirements" }, "qa_answers"),
  );
  return { session: created.session, hook };
}

/** A bot on the fake Bot API acting on `env`, and a way to reply to a session's waiting message. */
async function telegram(actions: ActionEnv) {
  api = await fakeBotApi(100);
  const { logger } = await readableLogger();
  const control = startTelegramControl({
    token: TOKEN,
    chatId: CHAT,
    apiRoot: api.apiRoot,
    projects: oneProject(actions),
    logger,
  });
  onTestFinished(() => control.stop());
  const notifier = await createNotifier({
    telegram: { botToken: TOKEN, chatId: CHAT, apiRoot: api.apiRoot },
    stateDir: await makeTempDir(),
    logger,
  });
  onTestFinished(() => notifier.close());
  const watch = createEventWatch();
  return {
    /** Sends the waiting message, as the supervisor would, and returns the bot's answer to `reply`. */
    reply: async (session: SessionRef, hook: Hook, reply: string): Promise<string> => {
      for (const event of await watch.observe(session, hook)) notifier.notify(event);
      const question = await eventually(() => api.sent().find((m) => m.text.startsWith("❓")), 30_000);
      const before = api.sent().length;
      api.injectMessage({ chatId: CHAT, text: reply, replyTo: question.message_id });
      return (await eventually(() => api.sent()[before], 30_000)).text;
    },
  };
}

/** What the CLI said: its one line on stdout, or its refusal on stderr without the `samocode: ` prefix. */
function cliWords(result: { exitCode: number; stdout: string; stderr: string }): string {
  return result.exitCode === 0 ? result.stdout.trim() : result.stderr.trim().replace(/^samocode: /, "");
}

describe("human actions, from the CLI and from Telegram", () => {
  it.each(TABLE)("%s: the same _qa.md and the same reply", async (_name, entries, words) => {
    const now = new Date();
    const viaCli = await makeProject({ script: { runs: [] } });
    const viaBot = await makeProject({ script: { runs: [] } });
    const cliSession = await waitingSession(viaCli.sessions, now);
    const botSession = await waitingSession(viaBot.sessions, now);
    const bot = await telegram(actionsOn(viaBot.sessions));

    const said = cliWords(await viaCli.cli(["answer", "auth", ...entries]));
    const replied = await bot.reply(botSession.session, botSession.hook, entries.join("\n"));

    expect(replied).toBe(said);
    expect(said.startsWith(`${cliSession.session.id}: ${words}`)).toBe(true);
    const qa = await readFile(join(cliSession.session.dir, "_qa.md"), "utf8");
    expect(await readFile(join(botSession.session.dir, "_qa.md"), "utf8")).toBe(qa);
    // Answers change the file; a refusal leaves it exactly as it was.
    expect(qa === QA).toBe(!words.startsWith("answered"));
  });

  it("both bring back the PM2 worker of a session whose worker was killed, and the session goes on", async () => {
    // No supervisor: nothing but the human's action may bring the worker back.
    const project = await makeProject({
      script: fullSession(),
      env: { PM2_HOME: pm2.home, SAMOCODE_SUPERVISOR: "manual" },
    });
    onTestFinished(() => pm2.reset(project.env));
    for (const name of ["viacli", "viabot"])
      expect((await project.cli(["spawn", "Add JWT auth", "--name", name])).exitCode).toBe(0);
    const loaded = await loadConfig({ configPath: undefined, cwd: project.root, env: project.env });
    if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
    const bot = await telegram({
      sessionsRoot: project.sessions,
      control: pm2LoopControl(await workerLaunch(loaded.config, project.env, process.execPath)),
      killGraceMs: loaded.config.runtime.killGraceMs,
    });

    for (const name of ["viacli", "viabot"]) {
      const dir = await sessionDir(project, name);
      await project.waitForHook(dir, (h) => h.waitingFor === "qa_answers");
      const app = await killWorker(project, name);
      const hook = await project.hook(dir);
      expect(hook).toMatchObject({ state: "waiting", waitingFor: "qa_answers" });
      const words =
        name === "viacli"
          ? cliWords(await project.cli(["answer", name, "JWT", "httpOnly cookie"]))
          : await bot.reply({ id: hook.session, dir }, hook, "JWT\nhttpOnly cookie");
      expect(words).toBe(
        `${hook.session}: answered Q1, Q2; all questions are answered; started its PM2 worker ${app} to go on`,
      );
      // The worker it started applies the answers: the session moves on to the plan gate.
      await project.waitForHook(dir, (h) => h.waitingFor === "plan_approval");
    }
  }, 120_000);
});

async function sessionDir(project: Project, name: string): Promise<string> {
  return waitFor(async () => {
    const { readdir } = await import("node:fs/promises");
    const folder = (await readdir(project.sessions).catch(() => [] as string[])).find((f) =>
      f.endsWith(`-${name}`),
    );
    return folder === undefined ? undefined : join(project.sessions, folder);
  });
}

/** SIGKILLs the session's worker and removes its app, so nothing but the human's action brings it back. */
async function killWorker(project: Project, name: string): Promise<string> {
  const app = (await pm2.jlist(project.env)).find((entry) => entry.name.startsWith(`${name}@`));
  if (app === undefined || app.pid === 0) throw new Error(`no live worker for ${name}`);
  process.kill(app.pid, "SIGKILL");
  await pm2.pm2(["delete", String(app.pm_id)], { env: project.env, cwd: project.root });
  await waitFor(async () =>
    (await pm2.jlist(project.env)).some((e) => e.pm_id === app.pm_id) ? undefined : true,
  );
  return app.name;
}
