// Resolves a session argument (`auth`, `26-11-21-auth`, `lead/api`) to its folder, or a usage error.
import { resolveSessionRef, SamocodeError, type SessionRef } from "@samocode/core";
import type { CliContext } from "./cli-context.ts";

export async function resolveSessionArg(context: CliContext, ref: string): Promise<SessionRef> {
  const config = await context.config();
  const result = await resolveSessionRef(config.paths.sessions, ref);
  if (!result.ok) throw new SamocodeError("usage", result.reason);
  return result.session;
}
