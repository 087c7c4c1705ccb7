// `_handoff.json`: the state an agent asked to carry into a fresh provider context.
import { rm } from "node:fs/promises";
import { z } from "zod";
import { writeJsonAtomically } from "../atomic-write.ts";
import { readJsonFile, requireValid } from "./json-file.ts";
import { sessionPaths } from "./session-paths.ts";

export const HandoffRecordSchema = z.object({
  at: z.iso.datetime({ offset: true }),
  reason: z.string(),
  state: z.record(z.string(), z.json()),
});
export type HandoffRecord = z.infer<typeof HandoffRecordSchema>;

export type HandoffReadResult =
  | { ok: true; handoff: HandoffRecord }
  | { ok: false; reason: "missing"; message: string }
  | { ok: false; reason: "invalid"; message: string; issues: string[] };

export async function writeHandoff(
  sessionDir: string,
  handoff: { reason: string; state: Record<string, unknown> },
  now: Date = new Date(),
): Promise<HandoffRecord> {
  const valid = requireValid(HandoffRecordSchema, { at: now.toISOString(), ...handoff }, "handoff");
  await writeJsonAtomically(sessionPaths(sessionDir).handoff, valid);
  return valid;
}

export async function readHandoff(sessionDir: string): Promise<HandoffReadResult> {
  const result = await readJsonFile(sessionPaths(sessionDir).handoff, HandoffRecordSchema);
  return result.ok ? { ok: true, handoff: result.value } : result;
}

/** Removes the handoff once its state has been carried into a prompt; no file is fine. */
export async function clearHandoff(sessionDir: string): Promise<void> {
  await rm(sessionPaths(sessionDir).handoff, { force: true });
}
