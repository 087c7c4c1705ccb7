// The supervisor's PM2 app, one per PM2 daemon: its definition comes from ecosystem.config.cjs (the same file
// a user can `pm2 start` from any folder), and `ensureSupervisor` starts it when a command needs it, so
// starting it is never the user's job. SAMOCODE_SUPERVISOR=manual leaves that to the user.
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { isLive } from "./pm2-app.ts";
import type { AppDefinition, Pm2Connection } from "./pm2-client.ts";
import { withoutPm2Keys } from "./pm2-env.ts";
import { SUPERVISOR_APP } from "./worker-app.ts";

export const ECOSYSTEM_FILE = fileURLToPath(new URL("../../../ecosystem.config.cjs", import.meta.url));

/** `ecosystem.config.cjs`'s app, with the environment of whoever starts it (PM2's own keys dropped). */
export function supervisorAppDefinition(env: Readonly<Record<string, string | undefined>>): AppDefinition {
  const ecosystem = createRequire(import.meta.url)(ECOSYSTEM_FILE) as { apps: AppDefinition[] };
  const [app] = ecosystem.apps;
  if (app === undefined || app.name !== SUPERVISOR_APP) {
    throw new Error(`${ECOSYSTEM_FILE} does not define the ${SUPERVISOR_APP} app`);
  }
  return { ...app, env: withoutPm2Keys(env) };
}

export type SupervisorOutcome = "running" | "started" | "manual";

/** Starts the supervisor unless one runs on this daemon (or the user keeps it in their own hands). */
export async function ensureSupervisor(
  pm2: Pm2Connection,
  env: Readonly<Record<string, string | undefined>>,
): Promise<SupervisorOutcome> {
  if (env.SAMOCODE_SUPERVISOR === "manual") return "manual";
  const apps = await pm2.describe(SUPERVISOR_APP);
  if (apps.some(isLive)) return "running";
  // A stopped or errored one is replaced: `pm2 start` of its name would only restart the old definition.
  for (const app of apps) await pm2.delete(app.pmId);
  await pm2.start(supervisorAppDefinition(env));
  return "started";
}
