// Folds an attempt's events, as they arrive, into the few facts the loop keeps: ids, cost, tokens, errors.
import { classifyError } from "./error-kind.ts";
import { EMPTY_TOKENS, type ErrorKind, type ProviderEvent, type StreamFacts } from "./provider-types.ts";

export interface ExitFacts {
  /** null when the process was not seen to exit by itself (timeout, cancel, spawn failure). */
  exitCode: number | null;
  /** The signal that ended a process which exited by itself otherwise (e.g. the OOM killer's SIGKILL). */
  signal: string | null;
  stderrTail: string;
  errorKindForExit?: (exitCode: number) => ErrorKind | undefined;
}

export class SummaryBuilder {
  #facts: StreamFacts = { tokens: EMPTY_TOKENS, isError: false, eventCount: 0 };
  /** A rejected-limit notice's reset time, for a final error that does not repeat it. */
  #limitResetAt: string | undefined;
  #lastNotice: { message: string; kind: ErrorKind; resetAt?: string } | undefined;

  apply(event: ProviderEvent): void {
    const facts = this.#facts;
    facts.eventCount += 1;
    if (event.type === "session") facts.conversationId ??= event.conversationId;
    else if (event.type === "usage") facts.tokens = event.tokens;
    else if (event.type === "rate-limit") this.#limitResetAt = event.resetAt ?? this.#limitResetAt;
    else if (event.type === "error" && event.fatal) {
      this.#setError(event.errorKind, event.message, event.resetAt);
    } else if (event.type === "error") {
      this.#lastNotice = { message: event.message, kind: event.errorKind, ...resetField(event.resetAt) };
    } else if (event.type === "result") this.#applyResult(event);
  }

  /** The facts, with an error kind whenever the stream reported an error or the exit code was non-zero. */
  finish({ exitCode, signal, stderrTail, errorKindForExit }: ExitFacts): StreamFacts {
    const facts = { ...this.#facts };
    const abnormal = exitCode === null ? signal !== null : exitCode !== 0;
    if (facts.errorKind === undefined && abnormal) {
      // A telling notice (codex "usage limit ... try again in") beats the stderr tail, which beats "other".
      const notice = this.#lastNotice?.kind === "other" ? undefined : this.#lastNotice;
      const fromStderr = classifyError(stderrTail);
      facts.errorKind =
        (exitCode === null ? undefined : errorKindForExit?.(exitCode)) ?? notice?.kind ?? fromStderr.kind;
      const message = notice?.message ?? (lastLine(stderrTail) || this.#lastNotice?.message);
      const resetAt = notice?.resetAt ?? fromStderr.resetAt;
      if (message !== undefined) facts.errorMessage = message;
      if (resetAt !== undefined) facts.resetAt = resetAt;
    }
    if (facts.errorKind === "rate_limit" && facts.resetAt === undefined && this.#limitResetAt !== undefined) {
      facts.resetAt = this.#limitResetAt;
    }
    if (facts.errorMessage === "") delete facts.errorMessage;
    return facts;
  }

  #applyResult(event: Extract<ProviderEvent, { type: "result" }>): void {
    const facts = this.#facts;
    facts.isError = event.isError;
    if (event.text !== undefined) facts.finalText = event.text;
    if (event.costUsd !== undefined) facts.costUsd = event.costUsd;
    if (event.tokens !== undefined) facts.tokens = event.tokens;
    if (event.turns !== undefined) facts.turns = event.turns;
    if (event.isError) this.#setError(event.errorKind ?? "other", event.errorMessage ?? "", event.resetAt);
    else {
      delete facts.errorKind;
      delete facts.errorMessage;
      delete facts.resetAt;
    }
  }

  #setError(kind: ErrorKind, message: string, resetAt: string | undefined): void {
    const facts = this.#facts;
    facts.isError = true;
    facts.errorKind = kind;
    facts.errorMessage = message;
    if (resetAt !== undefined) facts.resetAt = resetAt;
    else delete facts.resetAt;
  }
}

function resetField(resetAt: string | undefined): { resetAt?: string } {
  return resetAt === undefined ? {} : { resetAt };
}

function lastLine(text: string): string {
  const lines = text.trimEnd().split("\n");
  return lines[lines.length - 1] ?? "";
}
