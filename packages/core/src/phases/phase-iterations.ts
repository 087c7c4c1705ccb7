// Accepted iterations per phase (`phaseIterations` in `_hook.json`) and the limits they run into.
import { z } from "zod";
import { PHASES, type Phase } from "./phase-names.ts";
import { phaseLimit } from "./phase-registry.ts";

// Counts only accepted signals: a rejected one or a run without a signal never counts.
export const PhaseIterationsSchema = z.record(z.enum(PHASES), z.number().int().nonnegative());
export type PhaseIterations = z.infer<typeof PhaseIterationsSchema>;

export function emptyPhaseIterations(): PhaseIterations {
  return Object.fromEntries(PHASES.map((phase) => [phase, 0])) as PhaseIterations;
}

// True when another run in `phase` could not be accepted, so the loop must not start one.
export function limitReached(phase: Phase, phaseIterations: PhaseIterations): boolean {
  return phaseIterations[phase] >= phaseLimit(phase);
}

export function countIteration(phase: Phase, phaseIterations: PhaseIterations): PhaseIterations {
  return { ...phaseIterations, [phase]: phaseIterations[phase] + 1 };
}

export function limitReachedReason(phase: Phase): string {
  return `phase iteration limit reached (${phaseLimit(phase)}) in phase ${phase}`;
}
