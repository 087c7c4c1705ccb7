// The phases a session walks through, in order.

export const PHASES = [
  "investigation",
  "requirements",
  "planning",
  "implementation",
  "testing",
  "quality",
  "done",
] as const;
export type Phase = (typeof PHASES)[number];
