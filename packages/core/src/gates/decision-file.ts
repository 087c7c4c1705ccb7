// A human's decision for a paused session (`_decision.json`): written by the CLI or Telegram, consumed
// once by the session's loop. The loop owns the hook; others only leave decisions for it.
import { lstat, readFile, rename } from "node:fs/promises";
import { z } from "zod";
import { createFileExclusively, writeJsonAtomically } from "../atomic-write.ts";
import { claimedDecisionPath, sessionPaths } from "../session/session-paths.ts";
import { formatIssues } from "../zod-issues.ts";

export const DECISION_ACTIONS = ["approve", "reject", "resume"] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

export const DecisionSchema = z.object({
  /** approve/reject: the plan gate. resume: a blocked, paused or human_action session goes on. */
  action: z.enum(DECISION_ACTIONS),
  feedback: z.string().max(100_000).optional(),
  from: z.string().min(1).max(200),
  /** resume: a raised budget for a session paused by its own. */
  budgetUsd: z.number().positive().optional(),
  budgetTokens: z.number().int().positive().optional(),
  at: z.string(),
});
export type Decision = z.infer<typeof DecisionSchema>;

export type DecisionRead =
  | { kind: "none" }
  | { kind: "ok"; decision: Decision }
  | { kind: "invalid"; reason: string };

export async function leaveDecision(sessionDir: string, decision: Omit<Decision, "at">): Promise<Decision> {
  const full: Decision = { ...decision, at: new Date().toISOString() };
  await writeJsonAtomically(sessionPaths(sessionDir).decision, full);
  return full;
}

/**
 * Leaves a decision only where none waits (for automatic ones, e.g. the supervisor lifting the fleet cap):
 * a human's decision is never replaced, even one written at the same moment. False when one was there.
 */
export async function leaveDecisionIfNone(
  sessionDir: string,
  decision: Omit<Decision, "at">,
): Promise<boolean> {
  const full: Decision = { ...decision, at: new Date().toISOString() };
  return createFileExclusively(sessionPaths(sessionDir).decision, `${JSON.stringify(full, null, 2)}\n`);
}

export async function readDecision(
  sessionDir: string,
  path = sessionPaths(sessionDir).decision,
): Promise<DecisionRead> {
  try {
    const info = await lstat(path);
    if (!info.isFile() || info.size > 1_000_000)
      return { kind: "invalid", reason: `${path} is not a small regular file` };
    const parsed = DecisionSchema.safeParse(JSON.parse(await readFile(path, "utf8")));
    if (!parsed.success)
      return { kind: "invalid", reason: `${path}: ${formatIssues(parsed.error).join("; ")}` };
    return { kind: "ok", decision: parsed.data };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "none" };
    if (error instanceof SyntaxError) return { kind: "invalid", reason: `${path} is not valid JSON` };
    throw error;
  }
}

/**
 * Takes the pending decision out of the way before reading it, so one written meanwhile is left for the
 * next look instead of being moved aside unread. Returns the read and where the claimed file now is.
 */
export async function claimDecision(sessionDir: string): Promise<{ read: DecisionRead; claimed?: string }> {
  const claimed = claimedDecisionPath(sessionDir, Date.now(), process.pid);
  try {
    await rename(sessionPaths(sessionDir).decision, claimed);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { read: { kind: "none" } };
    throw error;
  }
  return { read: await readDecision(sessionDir, claimed), claimed };
}
