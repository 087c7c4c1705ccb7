import { describe, expect, it } from "vitest";
import { createCodexFormat } from "./codex-format.ts";
import { testFormatContext } from "./format-test-context.ts";

const codex = () => createCodexFormat(testFormatContext());

describe("codex exec --json format", () => {
  it("starts a thread with the session id, then a turn", () => {
    expect(codex().init()).toEqual([
      { type: "thread.started", thread_id: "sess-1" },
      { type: "turn.started" },
    ]);
  });

  it("prints text as completed agent_message items with increasing ids", () => {
    const format = codex();
    expect([...format.say("a"), ...format.say("b")]).toEqual([
      { type: "item.completed", item: { id: "item_0", type: "agent_message", text: "a" } },
      { type: "item.completed", item: { id: "item_1", type: "agent_message", text: "b" } },
    ]);
  });

  it("prints a command tool as a command_execution item, started then completed", () => {
    const events = codex().tool({
      kind: "call",
      name: "Bash",
      input: { command: "echo 'x'" },
      output: "x\n",
    });
    const command = `/bin/bash -lc 'echo '"'"'x'"'"''`;
    expect(events).toEqual([
      {
        type: "item.started",
        item: {
          id: "item_0",
          type: "command_execution",
          command,
          aggregated_output: "",
          exit_code: null,
          status: "in_progress",
        },
      },
      {
        type: "item.completed",
        item: {
          id: "item_0",
          type: "command_execution",
          command,
          aggregated_output: "x\n",
          exit_code: 0,
          status: "completed",
        },
      },
    ]);
  });

  it("prints file tools and written files as file_change items", () => {
    const format = codex();
    const [, added] = format.tool({
      kind: "call",
      name: "Write",
      input: { file_path: "/w/a" },
      output: undefined,
    });
    expect(added).toEqual({
      type: "item.completed",
      item: {
        id: "item_0",
        type: "file_change",
        changes: [{ path: "/w/a", kind: "add" }],
        status: "completed",
      },
    });
    const [started] = format.tool({ kind: "write", path: "/w/b", content: "", created: false });
    expect(started).toMatchObject({
      type: "item.started",
      item: { changes: [{ path: "/w/b", kind: "update" }], status: "in_progress" },
    });
  });

  it("ends a turn with its token usage and no cost", () => {
    const [completed] = codex().result({
      costUsd: 1,
      inputTokens: 10,
      outputTokens: 5,
      cacheReadTokens: 3,
      cacheWriteTokens: 2,
    });
    expect(completed).toEqual({
      type: "turn.completed",
      usage: {
        input_tokens: 10,
        cached_input_tokens: 3,
        cache_write_input_tokens: 2,
        output_tokens: 5,
        reasoning_output_tokens: 0,
      },
    });
  });

  it("fails the turn for an error result", () => {
    expect(codex().result({ text: "nope", isError: true })).toEqual([
      { type: "turn.failed", error: { message: "nope" } },
    ]);
  });

  it("reports errors as an error event and a failed turn with the CLI's texts", () => {
    const format = codex();
    expect(format.error({ kind: "rate_limit", resetInSeconds: 120 })).toEqual([
      { type: "error", message: "You've hit your usage limit. Try again in 120 seconds." },
      { type: "turn.failed", error: { message: "You've hit your usage limit. Try again in 120 seconds." } },
    ]);
    expect(format.error({ kind: "overload" })[1]).toEqual({
      type: "turn.failed",
      error: { message: "stream error: 529 Overloaded" },
    });
    expect(format.error({ kind: "auth" })[1]).toEqual({
      type: "turn.failed",
      error: { message: "401 Unauthorized" },
    });
    expect(format.error({ kind: "other", message: "boom" })[0]).toEqual({ type: "error", message: "boom" });
  });
});
