// JSON from a file anyone can write, as a value for any text: nesting deeper than the bound is refused
// before parsing, because JSON.parse takes a deep structure but zod, JSON.stringify and every recursive
// walk after it overflow the stack on one (a `[[[[…` signal once crashed the loop writing its history row).
import type { z } from "zod";
import { formatIssues } from "../zod-issues.ts";

/** Deeper than any state file samocode writes or a signal needs; far below what overflows the stack. */
export const MAX_JSON_DEPTH = 64;

export type JsonParse =
  | { ok: true; value: unknown }
  /** `syntax`: not JSON; `depth`: nested past the bound (not parsed at all). */
  | { ok: false; problem: "syntax" | "depth"; reason: string };
export type SchemaParse<T> = { ok: true; value: T } | { ok: false; issues: string[] };

/** `label` names the file in reasons: `_signal.json is not valid JSON: …`. */
export function parseJsonBounded(text: string, label: string, maxDepth = MAX_JSON_DEPTH): JsonParse {
  const depth = nestingDepth(text, maxDepth);
  if (depth > maxDepth) {
    return { ok: false, problem: "depth", reason: `${label} nests deeper than ${maxDepth} levels` };
  }
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : String(error);
    return { ok: false, problem: "syntax", reason: `${label} is not valid JSON: ${detail}` };
  }
}

/**
 * A schema's verdict on a value that came from outside, as a value: a schema that throws (a refinement bug,
 * a structure it recurses into too deeply) is one more rejection, never an exception.
 */
export function parseWithSchema<S extends z.ZodType>(schema: S, value: unknown): SchemaParse<z.infer<S>> {
  try {
    const parsed = schema.safeParse(value);
    return parsed.success
      ? { ok: true, value: parsed.data }
      : { ok: false, issues: formatIssues(parsed.error) };
  } catch (error) {
    return {
      ok: false,
      issues: [`cannot be checked: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
}

/** The deepest `[`/`{` nesting outside strings, counting stops one past `limit`. Linear, no recursion. */
export function nestingDepth(text: string, limit: number): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
      continue;
    }
    if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
}
