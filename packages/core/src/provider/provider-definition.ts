// The contract one provider file fulfils: how to invoke its CLI and how to read its event stream.
import type { ErrorKind, ProviderEvent, ProviderRunRequest } from "./provider-types.ts";

export interface InvocationContext {
  /** Running as uid 0 (claude refuses its permission bypass as root unless IS_SANDBOX=1). */
  isRoot: boolean;
}

export interface Invocation {
  command: string;
  args: string[];
  /** Never an open pipe: codex waits for EOF on a piped stdin before it starts. */
  stdin: "ignore" | { text: string };
  /** Added on top of the scrubbed base env. */
  env: Record<string, string>;
  /** argv with prompt texts replaced by placeholders, for logs and error messages. */
  display: string[];
  notes: string[];
}

/** Stateful per attempt: returns the events one stdout line carries (often none). */
export type StreamParser = (line: string) => ProviderEvent[];

export interface ProviderDefinition {
  /** The CLI name looked up on PATH when the request names no executable. */
  defaultExecutable: string;
  buildInvocation(request: ProviderRunRequest, context: InvocationContext): Invocation;
  createParser(): StreamParser;
  /** Exit codes that mean something by themselves (gemini 41 = auth, 53 = turn limit). */
  errorKindForExit?(exitCode: number): ErrorKind | undefined;
}

/** Prompts beyond this go through stdin: Linux caps one argv string at 128 KiB (MAX_ARG_STRLEN). */
export const MAX_ARGV_PROMPT_BYTES = 100_000;

export function fitsInArgv(text: string): boolean {
  return Buffer.byteLength(text, "utf8") <= MAX_ARGV_PROMPT_BYTES;
}

/** `<prompt: N chars>` stands in for long texts in the displayed command. */
export function placeholder(label: string, text: string): string {
  return `<${label}: ${text.length} chars>`;
}

/**
 * For CLIs without an appended system prompt, agent flags or a per-run plugin: the phase agent, the method
 * skills it calls, then workflow + context, then the task.
 */
export function foldPrompt(request: ProviderRunRequest): string {
  const agent = request.agent === undefined ? undefined : request.agents?.[request.agent];
  return [agent?.prompt, request.method?.promptText, request.systemPrompt, request.prompt]
    .filter((part): part is string => part !== undefined && part.trim() !== "")
    .join("\n\n");
}
