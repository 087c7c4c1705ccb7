// Turns one parsed provider event into readable lines: what the agent said, did, got back, and how it ended.
import type { ProviderEvent, TokenUsage } from "../provider/provider-types.ts";
import { clipLine, clipText, type LogLine, line } from "./log-line.ts";

/** Paths under these folders are shown relative to them, so targets read `src/auth.ts`, not /tmp/…/src/auth.ts. */
export type PathContext = { worktree?: string | null | undefined; sessionDir?: string | undefined };

type Of<T extends ProviderEvent["type"]> = Extract<ProviderEvent, { type: T }>;

export function renderEvent(event: ProviderEvent, paths: PathContext = {}): LogLine[] {
  switch (event.type) {
    case "session":
      return [line("dim", `conversation ${event.conversationId}${event.model ? ` (${event.model})` : ""}`)];
    case "text":
      return event.text.trim() === ""
        ? []
        : event.text
            .trimEnd()
            .split("\n")
            .map((t) => line("text", t));
    case "tool-call":
      return [line("tool", toolCallText(event, paths))];
    case "tool-result":
      return toolResultLines(event, paths);
    case "usage":
      return []; // running totals; the final result carries them once
    case "rate-limit":
      return [line("error", `✗ usage limit reached${event.resetAt ? `; resets at ${event.resetAt}` : ""}`)];
    case "error":
      return [errorLine(event)];
    case "result":
      return [resultLine(event)];
    case "noise":
      return [line("raw", event.text)];
  }
}

/** codex names its tools by item type and wraps commands in a login shell; show what ran. */
const CODEX_TOOL_NAMES: Readonly<Record<string, string>> = {
  command_execution: "exec",
  file_change: "patch",
  web_search: "search",
};
const SINGLE_QUOTED = /^\/bin\/(?:ba|z)?sh -lc '([^']*)'$/;
const DOUBLE_QUOTED = /^\/bin\/(?:ba|z)?sh -lc "((?:[^"\\]|\\.)*)"$/;

function unwrapShell(command: string): string {
  const single = SINGLE_QUOTED.exec(command)?.[1];
  if (single !== undefined) return single;
  const double = DOUBLE_QUOTED.exec(command)?.[1];
  return double === undefined ? command : double.replace(/\\(["\\$`])/g, "$1");
}

function toolCallText(event: Of<"tool-call">, paths: PathContext): string {
  const name = CODEX_TOOL_NAMES[event.name] ?? event.name;
  if (event.target === undefined) return `→ ${name}`;
  return `→ ${name} ${clipLine(relativePaths(unwrapShell(event.target), paths), 300)}`;
}

export function relativePaths(text: string, paths: PathContext): string {
  let out = text;
  if (paths.sessionDir) out = out.split(`${paths.sessionDir}/`).join("<session>/");
  if (paths.worktree) out = out.split(`${paths.worktree}/`).join("");
  return out;
}

function toolResultLines(event: Of<"tool-result">, paths: PathContext): LogLine[] {
  const tone = event.isError ? "error" : "result";
  const mark = event.isError ? "  ✗ " : "  ← ";
  if (event.output === undefined || event.output.trim() === "") {
    return [line(event.isError ? "error" : "dim", `${mark}${event.isError ? "failed" : "(no output)"}`)];
  }
  return clipText(relativePaths(event.output, paths)).map((text, index) =>
    line(tone, `${index === 0 ? mark : "    "}${text}`),
  );
}

function errorLine(event: Of<"error">): LogLine {
  const text = `[${event.errorKind}] ${clipLine(event.message, 500)}${resetSuffix(event.resetAt)}`;
  return event.fatal ? line("error", `✗ error ${text}`) : line("warning", `! notice ${text}`);
}

function resultLine(event: Of<"result">): LogLine {
  const facts = [
    event.turns === undefined ? undefined : `${event.turns} turn${event.turns === 1 ? "" : "s"}`,
    event.costUsd === undefined ? undefined : `$${event.costUsd.toFixed(4)}`,
    event.tokens === undefined ? undefined : formatTokens(event.tokens),
  ].filter((fact): fact is string => fact !== undefined);
  const tail = facts.length === 0 ? "" : ` · ${facts.join(" · ")}`;
  if (!event.isError) return line("result", `✓ result${tail}`);
  const kind = event.errorKind ?? "other";
  const message = clipLine(event.errorMessage ?? event.subtype ?? "error", 500);
  return line("error", `✗ result: error [${kind}] ${message}${resetSuffix(event.resetAt)}${tail}`);
}

function resetSuffix(resetAt: string | undefined): string {
  return resetAt === undefined ? "" : ` (resets at ${resetAt})`;
}

export function formatTokens(tokens: TokenUsage): string {
  const parts = [`${tokens.input} in`, `${tokens.output} out`];
  if (tokens.cacheRead > 0) parts.push(`${tokens.cacheRead} cache read`);
  if (tokens.cacheWrite > 0) parts.push(`${tokens.cacheWrite} cache write`);
  return `tokens ${parts.join(" / ")}`;
}
