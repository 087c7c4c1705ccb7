// What every output format turns script steps into: the stream events of one real CLI, as plain objects.
import type { ScriptStepArg } from "./script-schema.ts";

export type StreamEvent = Record<string, unknown>;

/** A tool the fake agent used: a named call as scripted, or a file the `write` step really wrote. */
export type ToolUse =
  | { kind: "call"; name: string; input: Record<string, unknown>; output: string | undefined }
  | { kind: "write"; path: string; content: string; created: boolean };

export type ResultArgs = ScriptStepArg<"result">;
export type ErrorArgs = ScriptStepArg<"error">;

export type FormatContext = {
  /** The conversation/thread/session id every event of this invocation carries. */
  sessionId: string;
  cwd: string;
  model: string | undefined;
  cliArgs: readonly string[];
  /** Injected so the formatters stay pure and their output testable. */
  now: () => number;
  randomId: () => string;
};

/** Stateful per invocation: formats count turns and tool calls and remember the last text for the result. */
export type EventFormat = {
  init(): StreamEvent[];
  say(text: string): StreamEvent[];
  tool(use: ToolUse): StreamEvent[];
  result(args: ResultArgs): StreamEvent[];
  error(args: ErrorArgs): StreamEvent[];
};

/** Reset time as unix seconds, for messages that carry an absolute time. */
export function resetAtSeconds(context: FormatContext, resetInSeconds: number): number {
  return Math.floor(context.now() / 1000) + resetInSeconds;
}
