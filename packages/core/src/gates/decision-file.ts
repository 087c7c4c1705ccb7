// A human's decision for a paused session (`_decision.json`): written by the CLI or Telegram, consumed
// once by the session's loop. The loop owns the hook; others only leave decisions for it.
import { lstat, readFile, rename, unlink } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { writeJsonAtomically } from "../atomic-write.ts";
import { formatIssues } from "../zod-issues.ts";

export const DECISION_FILE = "_decision.json";

export const DECISION_ACTIONS = ["approve", "reject", "resume"] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

export const DecisionSchema = z.object({
  /** approve/reject: the plan gate. resume: a blocked, paused or human_action session goes on. */
  action: z.enum(DECISION_ACTIONS),
  feedback: z.string().max(100_000).optional(),
  from: z.string().min(1).max(200),
  at: z.string(),
});
export type Decision = z.infer<typeof DecisionSchema>;

export type DecisionRead =
  | { kind: "none" }
  | { kind: "ok"; decision: Decision }
  | { kind: "invalid"; reason: string };

export async function leaveDecision(sessionDir: string, decision: Omit<Decision, "at">): Promise<Decision> {
  const full: Decision = { ...decision, at: new Date().toISOString() };
  await writeJsonAtomically(join(sessionDir, DECISION_FILE), full);
  return full;
}

export async function readDecision(sessionDir: string): Promise<DecisionRead> {
  const path = join(sessionDir, DECISION_FILE);
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

/** Moves a consumed (or unusable) decision into _logs so it is kept but never applied twice. */
export async function consumeDecision(sessionDir: string, tag: string): Promise<void> {
  const from = join(sessionDir, DECISION_FILE);
  const to = join(sessionDir, "_logs", `decision-${Date.now()}-${tag}.json`);
  try {
    await rename(from, to);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return;
    if (code === "EISDIR" || code === "ENOTDIR") await unlink(from).catch(() => undefined);
    else throw error;
  }
}
