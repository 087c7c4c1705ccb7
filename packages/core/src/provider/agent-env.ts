// The environment an agent CLI of a session starts from (before child-env.ts scrubs it and names the
// session): the config's (`.env` under the real environment), with the PATH its user had at creation.
import type { SamocodeConfig } from "../config/load-config.ts";
import { readAgentEnv } from "../session/agent-env-file.ts";
import { withoutToolchain } from "./toolchain-path.ts";

/** What a new session records as its agent's PATH: the one this command was given, toolchain removed. */
export function userPath(env: Readonly<Record<string, string | undefined>>): string {
  return withoutToolchain(env.PATH);
}

/**
 * For a session: its recorded PATH; before one exists (preflight), or for a session from before the
 * record, the config's PATH without the toolchain — the same value a new session would record.
 */
export async function agentBaseEnv(
  config: Pick<SamocodeConfig, "env">,
  sessionDir?: string,
): Promise<Record<string, string>> {
  const recorded = sessionDir === undefined ? undefined : await readAgentEnv(sessionDir);
  const path = recorded?.ok === true ? recorded.env.PATH : userPath(config.env);
  return { ...config.env, PATH: path };
}
