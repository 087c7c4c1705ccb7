import { describe, expect, it } from "vitest";
import { parseTelegramHtml } from "../../../tests/fake-bot-api/telegram-html.ts";
import { decodeButton } from "./callback-data.ts";
import { renderEvent } from "./event-message.ts";
import { SAMPLES, TRICKY } from "./event-samples.test-support.ts";
import { escapeHtml } from "./html.ts";
import { parseHeader } from "./message-header.ts";
import { SESSION_EVENT_KINDS, SessionEventSchema } from "./session-event.ts";

describe("renderEvent", () => {
  it("covers every event kind with a valid event", () => {
    expect(new Set(SAMPLES.map((s) => s.event.kind))).toEqual(new Set(SESSION_EVENT_KINDS));
    for (const sample of SAMPLES) expect(SessionEventSchema.safeParse(sample.event).success).toBe(true);
  });

  it.each(SAMPLES.map((sample) => [sample.event.id, sample] as const))(
    "renders %s as its exact text",
    (_id, sample) => {
      const parsed = parseTelegramHtml(renderEvent(sample.event).html);
      expect(parsed).toEqual({ ok: true, text: sample.text });
    },
  );

  // Issue 13, failure 7: SAMOCODE_STALL_MINUTES=0.5 was announced as "no activity for 1 min".
  it("says an idle time under a minute in seconds", () => {
    const event = SAMPLES.map((s) => s.event).find((e) => e.kind === "stalled");
    if (event?.kind !== "stalled") throw new Error("no stalled sample");
    const text = (idleMinutes: number) => {
      const parsed = parseTelegramHtml(renderEvent({ ...event, idleMinutes }).html);
      return parsed.ok ? parsed.text.split("\n")[0] : parsed;
    };
    expect(text(0.5)).toBe("🐢 26-11-21-auth: stalled in implementation, no activity for 30 s");
    expect(text(0.75)).toBe("🐢 26-11-21-auth: stalled in implementation, no activity for 45 s");
    expect(text(2.4)).toBe("🐢 26-11-21-auth: stalled in implementation, no activity for 2 min");
  });

  it("escapes HTML and leaves Markdown characters alone", () => {
    const blocked = SAMPLES.find((s) => s.event.kind === "blocked");
    if (blocked === undefined) throw new Error("no blocked sample");
    const html = renderEvent(blocked.event).html;
    expect(html).toContain(escapeHtml(TRICKY));
    expect(html).toContain('&lt;script&gt; &amp; "tests": use `npm test` *now* or _later_');
    expect(escapeHtml("<a href='x'>&amp;</a>")).toBe("&lt;a href='x'&gt;&amp;amp;&lt;/a&gt;");
  });

  it("puts Approve and Reject buttons, naming the session, on a plan approval only", () => {
    for (const { event } of SAMPLES) {
      const { buttons } = renderEvent(event);
      if (event.kind === "waiting" && event.waitingFor === "plan_approval") {
        expect(buttons.map((b) => b.text)).toEqual(["Approve", "Reject"]);
        expect(buttons.map((b) => decodeButton(b.data))).toEqual([
          { action: "approve", session: { id: "26-11-21-auth" } },
          { action: "reject", session: { id: "26-11-21-auth" } },
        ]);
      } else expect(buttons).toEqual([]);
    }
  });

  it("starts session messages with a header a reply can be traced back by", () => {
    const [questions, plan, action] = SAMPLES.map((sample) => sample.text);
    expect(parseHeader(questions ?? "")).toEqual({ purpose: "questions", session: "26-11-21-auth" });
    expect(parseHeader(plan ?? "")).toEqual({ purpose: "plan", session: "26-11-21-auth" });
    expect(parseHeader(action ?? "")).toEqual({ purpose: "humanAction", session: "26-11-21-auth" });
    expect(parseHeader("hello there")).toBeNull();
  });

  it("keeps a message with very many long questions under Telegram's limit", () => {
    const questions = Array.from({ length: 60 }, (_, i) => ({
      number: i + 1,
      text: `question ${i + 1} ${"<&>".repeat(100)}`,
      options: ["a) yes", "b) no"],
    }));
    const [first] = SAMPLES;
    if (first?.event.kind !== "waiting") throw new Error("the first sample is the questions");
    const event = { ...first.event, questions };
    const parsed = parseTelegramHtml(renderEvent(event).html);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.text.length).toBeLessThanOrEqual(4096);
      expect(parsed.text).toMatch(/… \d+ more lines in _qa\.md/);
    }
  });
});
