import { describe, expect, it } from "vitest";
import { renderWorkerLogLine } from "./worker-log-view.ts";

describe("renderWorkerLogLine", () => {
  it("shows a winston line as time, message and its fields (iteration and attempt first), skipping empty ones", () => {
    const at = "2026-11-21T05:22:13.500Z";
    const raw = JSON.stringify({
      level: "info",
      accepted: true,
      attempt: 1,
      iteration: 3,
      message: "iteration applied",
      rejection: null,
      state: "running",
      timestamp: at,
    });
    const entry = renderWorkerLogLine(raw);
    expect(entry?.at).toBe(Date.parse(at));
    expect(entry?.iteration).toBe(3);
    expect(entry?.line.tone).toBe("worker");
    expect(entry?.line.text).toMatch(
      /^◆ \d\d:\d\d:13 iteration applied · iteration=3 attempt=1 state=running accepted=true$/,
    );
  });

  it("marks warnings and errors, and quotes values with spaces", () => {
    const warn = renderWorkerLogLine(
      JSON.stringify({ level: "warn", message: "ignored a decision", reason: "not waiting", timestamp: "x" }),
    );
    expect(warn?.line).toEqual({ tone: "warning", text: '◆ ignored a decision · reason="not waiting"' });
    expect(warn?.at).toBeUndefined();
    expect(renderWorkerLogLine(JSON.stringify({ level: "error", message: "boom" }))?.line.tone).toBe("error");
  });

  it("gives a reason room for the provider's stderr, and cuts other long values short", () => {
    const stderr = `scripted provider: cannot read script /tmp/${"d".repeat(200)}/missing.json / ENOENT`;
    const rejection = `no signal: other (exit code 2); 3 retries used up — stderr: ${stderr}`;
    const text = renderWorkerLogLine(
      JSON.stringify({ level: "info", message: "iteration applied", rejection, note: "n".repeat(300) }),
    )?.line.text;
    expect(text).toContain(`rejection=${JSON.stringify(rejection)}`);
    expect(text).toContain(`note="${"n".repeat(200)}… (100 more chars)"`);
  });

  it("shows a torn or foreign line raw and skips blank ones", () => {
    expect(renderWorkerLogLine('{"level":"info","mess')?.line).toEqual({
      tone: "raw",
      text: '{"level":"info","mess',
    });
    expect(renderWorkerLogLine("[1, 2]")?.line.tone).toBe("raw");
    expect(renderWorkerLogLine("   ")).toBeUndefined();
  });
});
