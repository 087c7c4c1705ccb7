import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { configView } from "./config-view.ts";
import { loadConfig } from "./load-config.ts";

describe("configView", () => {
  it("hides the bot token and leaves out the environment", async () => {
    const dir = await makeTempDir("samo-view-");
    await mkdir(join(dir, "repo"));
    await writeFile(join(dir, ".samocode"), "MAIN_REPO=repo\nWORKTREES=wt\nSESSIONS=s\n");
    const env = { TELEGRAM_BOT_TOKEN: "123:s3cr3t", TELEGRAM_CHAT_ID: "42", ANTHROPIC_API_KEY: "sk-hush" };
    const loaded = await loadConfig({ cwd: dir, env });
    if (!loaded.ok) throw new Error(loaded.errors.join("\n"));
    const view = configView(loaded.config);
    expect(view.runtime.telegram).toEqual({ botToken: "<hidden>", chatId: "42", apiRoot: undefined });
    expect(view).not.toHaveProperty("env");
    expect(JSON.stringify(view)).not.toMatch(/s3cr3t|sk-hush/);
    expect(loaded.config.runtime.telegram?.botToken).toBe("123:s3cr3t");
  });
});
