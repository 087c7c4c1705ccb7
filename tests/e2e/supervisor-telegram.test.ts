// The supervisor under a real PM2 daemon, with Telegram pointed at the fake Bot API: a spawned session's
// questions, plan and completion reach the chat, and a reply and a button drive it to done.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { E2E_CHAT as CHAT, E2E_TOKEN as TOKEN, telegramEnv } from "../fake-bot-api/e2e-chat.ts";
import { type FakeBotApi, startFakeBotApi } from "../fake-bot-api/fake-bot-api.ts";
import { ECOSYSTEM, makePm2Home, type Pm2Home } from "../helpers/pm2-home.ts";
import { makeProject } from "../helpers/samocode-project.ts";
import { fullSession } from "./scripts.ts";

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

async function eventually<T>(find: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline)
      throw new Error(
        `not seen in time; the bot sent: ${api
          .sent()
          .map((m) => m.text)
          .join(" | ")}`,
      );
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("the supervisor's Telegram bot", () => {
  it("sends the questions, the plan and the outcome, and takes answers and approval from the chat", async () => {
    const telegram = telegramEnv(api);
    const project = await makeProject({ script: fullSession(), env: { PM2_HOME: pm2.home, ...telegram } });
    const started = await pm2.pm2(["start", ECOSYSTEM], { env: project.env, cwd: project.root });
    expect(started.exitCode, started.stderr).toBe(0);
    expect((await project.cli(["spawn", "Add JWT auth", "--name", "auth"])).exitCode).toBe(0);

    const questions = await eventually(() => api.sent().find((m) => m.text.startsWith("❓")));
    expect(questions.chatId).toBe(CHAT);
    expect(questions.text).toContain("Q1. Which token format?");
    api.injectMessage({ chatId: "999", text: "opaque\nlocalStorage", replyTo: questions.message_id });
    api.injectMessage({ chatId: CHAT, text: "JWT\nhttpOnly cookie", replyTo: questions.message_id });

    const plan = await eventually(() => api.sent().find((m) => m.text.startsWith("📝")));
    const dir = await project.waitForSession();
    expect((await project.hook(dir)).waitingFor).toBe("plan_approval");
    api.injectCallback({
      chatId: CHAT,
      messageId: plan.message_id,
      data: `approve:${plan.text.split(/[ :]/)[1]}`,
    });

    const done = await eventually(() => api.sent().find((m) => m.text.startsWith("✅")));
    expect(done.text).toMatch(/auth: done\nJWT auth added/);
    expect((await project.hook(dir)).state).toBe("done");
    const qa = await import("node:fs/promises").then((fs) => fs.readFile(`${dir}/_qa.md`, "utf8"));
    expect(qa).toMatch(/\*\*Answer:\*\* JWT/);
    expect(qa).not.toContain("localStorage");
    const log = await import("node:fs/promises").then((fs) =>
      fs.readFile(`${project.stateDir}/supervisor.log`, "utf8"),
    );
    expect(log).not.toContain(TOKEN.split(":")[1]);
  }, 120_000);
});
