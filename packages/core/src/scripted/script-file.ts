// Reads a script file (JSON, or YAML for any other extension) and validates it into a Script.
import { readFile } from "node:fs/promises";
import { extname } from "node:path";
import { parse as parseYaml } from "yaml";
import { formatIssues } from "../zod-issues.ts";
import { type Script, ScriptSchema } from "./script-schema.ts";

export type ScriptLoadResult = { ok: true; script: Script } | { ok: false; reason: string; issues: string[] };

/** Parses script text; `.json` files are strict JSON, everything else YAML (a superset of JSON). */
export function parseScriptText(source: string, fileName: string): ScriptLoadResult {
  let raw: unknown;
  try {
    raw = extname(fileName).toLowerCase() === ".json" ? JSON.parse(source) : parseYaml(source);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `${fileName} is not valid ${syntaxName(fileName)}`, issues: [message] };
  }
  const parsed = ScriptSchema.safeParse(raw);
  if (!parsed.success) {
    return { ok: false, reason: `${fileName} is not a valid script`, issues: formatIssues(parsed.error) };
  }
  return { ok: true, script: parsed.data };
}

export async function loadScript(path: string): Promise<ScriptLoadResult> {
  let source: string;
  try {
    source = await readFile(path, "utf8");
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `cannot read script ${path}`, issues: [message] };
  }
  return parseScriptText(source, path);
}

function syntaxName(fileName: string): string {
  return extname(fileName).toLowerCase() === ".json" ? "JSON" : "YAML";
}
