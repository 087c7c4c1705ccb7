import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "@samocode/core";
import { describe, expect, it, onTestFinished } from "vitest";
import { createEventSink, EVENTS_FILE, type SupervisorEvent, supervisorDir } from "./supervisor-events.ts";

const event: SupervisorEvent = {
  kind: "crash-loop",
  session: "26-11-21-auth",
  at: "2026-11-21T12:00:00.000Z",
  message: "26-11-21-auth: crash loop",
};

describe("createEventSink", () => {
  it("appends one JSON line per event and passes it to every notifier, a failing one included", async () => {
    const root = await mkdtemp(join(tmpdir(), "samo-events-"));
    onTestFinished(() => rm(root, { recursive: true, force: true }));
    const logger = createLogger({ file: join(root, "test.log") });
    const seen: SupervisorEvent[] = [];
    const sink = createEventSink({
      dir: supervisorDir(root),
      logger,
      notifiers: [
        { emit: () => Promise.reject(new Error("telegram is down")) },
        { emit: async (e) => void seen.push(e) },
      ],
    });
    await sink.emit(event);
    await sink.emit({ ...event, session: "26-11-21-other" });
    const lines = (await readFile(join(supervisorDir(root), EVENTS_FILE), "utf8")).trim().split("\n");
    expect(lines.map((line) => JSON.parse(line).session)).toEqual(["26-11-21-auth", "26-11-21-other"]);
    expect(seen).toHaveLength(2);
  });
});
