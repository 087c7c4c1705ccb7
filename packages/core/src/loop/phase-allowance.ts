// Phase budgets a human extended: the iteration limit applies to the count minus the allowance, so a
// session resumed after spending its phase's iterations can run again instead of blocking at once.
import { limitReached, type PhaseIterations } from "../phases/phase-iterations.ts";
import { PHASES } from "../phases/phase-names.ts";
import { phaseLimit } from "../phases/phase-registry.ts";
import type { Hook } from "../session/hook-file.ts";

/** What the limit is judged against. */
export function effectiveIterations(hook: Hook): PhaseIterations {
  const out = { ...hook.phaseIterations };
  for (const phase of PHASES) out[phase] = Math.max(0, out[phase] - (hook.phaseAllowance[phase] ?? 0));
  return out;
}

/** Turns counts judged on effective iterations back into real ones. */
export function withAllowance(effective: PhaseIterations, hook: Hook): PhaseIterations {
  const out = { ...effective };
  for (const phase of PHASES) out[phase] = out[phase] + (hook.phaseAllowance[phase] ?? 0);
  return out;
}

/** A human acted on the session: if its phase's budget is spent, grant a fresh one. */
export function grantIfSpent(hook: Hook): Hook {
  if (!limitReached(hook.phase, effectiveIterations(hook))) return hook;
  const granted = (hook.phaseAllowance[hook.phase] ?? 0) + phaseLimit(hook.phase);
  return { ...hook, phaseAllowance: { ...hook.phaseAllowance, [hook.phase]: granted } };
}
