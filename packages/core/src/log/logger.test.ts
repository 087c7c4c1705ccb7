import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { createLogger, scrub, scrubText } from "./logger.ts";

describe("redaction", () => {
  it("hides values under secret-looking keys, at any depth", () => {
    expect(scrub("", { telegramBotToken: "123", nested: { apiKey: "k", fine: "v" } }, [], 0)).toEqual({
      telegramBotToken: "[redacted]",
      nested: { apiKey: "[redacted]", fine: "v" },
    });
  });

  it("hides literal secrets and bot tokens inside free text", () => {
    expect(scrubText("calling with sk-abcdef123 now", ["sk-abcdef123"])).toBe("calling with [redacted] now");
    expect(
      scrubText("GET https://api.telegram.org/bot123456789:AAH-abcdefghijklmnopqrstuv/sendMessage", []),
    ).toBe("GET https://api.telegram.org/bot[redacted]/sendMessage");
  });
});

describe("createLogger", () => {
  it("writes JSON lines with timestamps and no secret", async () => {
    const file = join(await makeTempDir(), "worker.log");
    const logger = createLogger({ file, secrets: ["super-secret-value"] });
    logger.info("started", { session: "s1", detail: "token super-secret-value leaked?" });
    await new Promise<void>((done) => {
      logger.on("finish", () => done());
      logger.end();
    });
    const [line] = (await readFile(file, "utf8")).trim().split("\n");
    const entry = JSON.parse(line ?? "{}");
    expect(entry).toMatchObject({ level: "info", message: "started", session: "s1" });
    expect(entry.detail).toBe("token [redacted] leaked?");
    expect(typeof entry.timestamp).toBe("string");
  });
});
