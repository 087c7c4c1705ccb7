// Reads what run selection depends on (the cursor file or the session's `_hook.json`) and advances the cursor.
import { readFile } from "node:fs/promises";
import { writeFileAtomically } from "../atomic-write.ts";
import { sessionPaths } from "../session/session-paths.ts";
import { formatIssues } from "../zod-issues.ts";
import { ScriptHookSchema, type ScriptRunSelection, selectScriptRun } from "./run-selection.ts";
import type { Script } from "./script-schema.ts";

type Env = Readonly<Record<string, string | undefined>>;

export function cursorPathFor(scriptPath: string, env: Env): string {
  return env.SAMOCODE_SCRIPT_CURSOR ?? `${scriptPath}.cursor`;
}

async function readText(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") return undefined;
    throw error;
  }
}

async function readCursor(path: string): Promise<number | ScriptRunSelection> {
  const text = await readText(path);
  if (text === undefined) return 0;
  const cursor = Number(text.trim());
  if (!Number.isSafeInteger(cursor) || cursor < 0) {
    return { ok: false, reason: `cursor file ${path} holds "${text.trim()}", not a count` };
  }
  return cursor;
}

async function choosePhaseRun(script: Script, env: Env): Promise<ScriptRunSelection> {
  const sessionDir = env.SAMOCODE_SESSION_DIR;
  if (sessionDir === undefined || sessionDir === "") {
    return { ok: false, reason: "a `phases` script needs SAMOCODE_SESSION_DIR to find _hook.json" };
  }
  const hookPath = sessionPaths(sessionDir).hook;
  const text = await readText(hookPath);
  if (text === undefined) return { ok: false, reason: `${hookPath} does not exist` };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `${hookPath} is not JSON: ${String(error)}` };
  }
  const hook = ScriptHookSchema.safeParse(raw);
  if (!hook.success) return { ok: false, reason: `${hookPath}: ${formatIssues(hook.error).join("; ")}` };
  return selectScriptRun(script, { mode: "phase", hook: hook.data });
}

/** Chooses this invocation's run; in sequential mode the cursor is advanced before the run plays. */
export async function chooseRun(script: Script, scriptPath: string, env: Env): Promise<ScriptRunSelection> {
  if (script.phases !== undefined) return choosePhaseRun(script, env);
  const cursorPath = cursorPathFor(scriptPath, env);
  const cursor = await readCursor(cursorPath);
  if (typeof cursor !== "number") return cursor;
  const selection = selectScriptRun(script, { mode: "sequential", cursor });
  if (selection.ok && selection.nextCursor !== undefined) {
    await writeFileAtomically(cursorPath, `${selection.nextCursor}\n`);
  }
  return selection;
}
