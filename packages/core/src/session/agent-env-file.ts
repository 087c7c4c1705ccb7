// `_agent_env.json`: the environment a session's agent CLI gets from its user, recorded once when the
// session is created (today: the PATH, without samocode's toolchain). Every later loop reads it — a PM2
// worker the supervisor re-creates after a reboot, `samocode restart`, `samocode run <s>` from another
// shell — so the agent keeps the `node`, `pnpm` and tools its user had, whatever env that loop started with.
import { z } from "zod";
import { writeJsonAtomically } from "../atomic-write.ts";
import { readJsonFile, requireValid } from "./json-file.ts";
import { sessionPaths } from "./session-paths.ts";

export const AgentEnvSchema = z.object({
  /** The user's PATH when the session was created (spawn, run, convoy create), toolchain removed. */
  PATH: z.string().max(128 * 1024),
});
export type AgentEnv = z.infer<typeof AgentEnvSchema>;

export type AgentEnvReadResult =
  | { ok: true; env: AgentEnv }
  | { ok: false; reason: "missing" | "invalid"; message: string };

export async function writeAgentEnv(sessionDir: string, env: AgentEnv): Promise<void> {
  await writeJsonAtomically(
    sessionPaths(sessionDir).agentEnv,
    requireValid(AgentEnvSchema, env, "agent env"),
  );
}

/** Missing for sessions created before the file existed; their loops fall back to the current PATH. */
export async function readAgentEnv(sessionDir: string): Promise<AgentEnvReadResult> {
  const read = await readJsonFile(sessionPaths(sessionDir).agentEnv, AgentEnvSchema);
  return read.ok ? { ok: true, env: read.value } : { ok: false, reason: read.reason, message: read.message };
}
