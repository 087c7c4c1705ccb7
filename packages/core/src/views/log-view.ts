// Reads one attempt's raw provider stream with that provider's own parser and renders it line by line.
import type { ProviderName } from "../provider/provider-names.ts";
import { PROVIDERS } from "../provider/providers.ts";
import { parseJsonObject, str } from "../provider/stream-json.ts";
import type { AttemptLogFile } from "./attempt-log-files.ts";
import { type LogLine, line } from "./log-line.ts";
import { type PathContext, renderEvent } from "./render-event.ts";

/** Stateful per attempt file (the parsers keep per-stream state): feed it the file's lines in order. */
export type AttemptView = (rawLine: string) => LogLine[];

export function createAttemptView(provider: ProviderName, paths: PathContext = {}): AttemptView {
  const parse = PROVIDERS[provider].createParser();
  return (rawLine) => {
    try {
      return parse(rawLine).flatMap((event) => renderEvent(event, paths));
    } catch (error) {
      // The parsers are defensive; should one still trip on a line, that line is shown, not the crash.
      if (error instanceof Error) return [line("raw", rawLine)];
      throw error;
    }
  };
}

export function attemptHeader(
  file: Pick<AttemptLogFile, "iteration" | "phase" | "attempt" | "copy">,
): LogLine {
  const copy = file.copy > 1 ? ` (replay ${file.copy})` : "";
  return line("header", `── iteration ${file.iteration} · ${file.phase} · attempt ${file.attempt}${copy} ──`);
}

/**
 * Which format a stream speaks, from its first JSON line, for when the session's hook cannot say
 * (`scripted` writes claude's format, so it never needs its own guess).
 */
export function guessProvider(firstLines: readonly string[]): ProviderName {
  for (const raw of firstLines) {
    const event = parseJsonObject(raw);
    if (event === undefined) continue;
    const type = str(event.type);
    if (type === "thread.started" || type === "turn.started") return "codex";
    if (type === "init" && event.subtype === undefined) return "gemini";
    return "claude";
  }
  return "claude";
}
