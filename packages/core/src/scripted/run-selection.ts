// Picks which run of a script an invocation plays: the next one in order, or the one for the session's phase.
import { z } from "zod";
import type { Script, ScriptRun } from "./script-schema.ts";

/** The part of `_hook.json` that phase-based scripts read; every other field is ignored. */
export const ScriptHookSchema = z.looseObject({
  phase: z.string().min(1),
  phaseIterations: z.record(z.string(), z.number().int().nonnegative()).optional(),
});
export type ScriptHook = z.infer<typeof ScriptHookSchema>;

export type ScriptRunSelection =
  | { ok: true; run: ScriptRun; label: string; nextCursor?: number }
  | { ok: false; reason: string };

/** Sequential mode: run `cursor`, and the last run again once the script is exhausted. */
export function selectSequentialRun(runs: readonly ScriptRun[], cursor: number): ScriptRunSelection {
  const index = Math.min(Math.max(cursor, 0), runs.length - 1);
  const run = runs[index];
  if (run === undefined) return { ok: false, reason: "the script has no runs" };
  return { ok: true, run, label: `runs[${index}]`, nextCursor: cursor + 1 };
}

/** Phase mode: `phases[phase][min(iterations of that phase, len - 1)]`. */
export function selectPhaseRun(
  phases: Readonly<Record<string, ScriptRun[]>>,
  hook: ScriptHook,
): ScriptRunSelection {
  const runs = Object.hasOwn(phases, hook.phase) ? phases[hook.phase] : undefined;
  if (runs === undefined) {
    const known = Object.keys(phases).join(", ");
    return { ok: false, reason: `the script has no runs for phase "${hook.phase}" (it has: ${known})` };
  }
  const iterations = hook.phaseIterations?.[hook.phase] ?? 0;
  const index = Math.min(iterations, runs.length - 1);
  const run = runs[index];
  if (run === undefined) return { ok: false, reason: `phase "${hook.phase}" has no runs` };
  return { ok: true, run, label: `phases.${hook.phase}[${index}]` };
}

export type ScriptRunSource = { mode: "sequential"; cursor: number } | { mode: "phase"; hook: ScriptHook };

export function selectScriptRun(script: Script, source: ScriptRunSource): ScriptRunSelection {
  if (source.mode === "sequential") {
    if (script.runs === undefined) return { ok: false, reason: "the script has no `runs`" };
    return selectSequentialRun(script.runs, source.cursor);
  }
  if (script.phases === undefined) return { ok: false, reason: "the script has no `phases`" };
  return selectPhaseRun(script.phases, source.hook);
}
