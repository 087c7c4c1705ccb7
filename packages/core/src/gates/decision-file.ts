// A human's decision for a paused session (`_decision.json`): written by the CLI or Telegram, consumed
// once by the session's loop. The loop owns the hook; others only leave decisions for it.
import { lstat, rename } from "node:fs/promises";
import { z } from "zod";
import { createFileExclusively, writeJsonAtomically } from "../atomic-write.ts";
import { ioError, isErrorCode, onlyFor } from "../io/fs-errors.ts";
import { readJsonFile } from "../session/json-file.ts";
import { openSessionFolder } from "../session/session-folders.ts";
import { claimedDecisionPath, sessionPaths } from "../session/session-paths.ts";

const MAX_DECISION_BYTES = 1_000_000;

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
  const read = await readJsonFile(path, DecisionSchema, { maxBytes: MAX_DECISION_BYTES });
  if (read.ok) return { kind: "ok", decision: read.value };
  return read.reason === "missing" ? { kind: "none" } : { kind: "invalid", reason: read.message };
}

/**
 * Takes the pending decision out of the way before reading it, so one written meanwhile is left for the
 * next look instead of being moved aside unread. Returns the read and where the claimed file now is.
 */
export async function claimDecision(sessionDir: string): Promise<{ read: DecisionRead; claimed?: string }> {
  const claimed = claimedDecisionPath(sessionDir, Date.now(), process.pid);
  const pending = sessionPaths(sessionDir).decision;
  // Into `_logs/` only when it is a real folder: a symlinked one would carry the decision out of the session.
  const present = await lstat(pending).then(
    () => true,
    onlyFor(["ENOENT"], false, `cannot look at ${pending}`),
  );
  if (!present) return { read: { kind: "none" } };
  await openSessionFolder(sessionDir, "logs");
  try {
    await rename(pending, claimed);
  } catch (error) {
    if (isErrorCode(error, "ENOENT")) return { read: { kind: "none" } };
    throw ioError(`cannot move ${pending} aside to ${claimed}`, error);
  }
  return { read: await readDecision(sessionDir, claimed), claimed };
}
