// `samocode merge`: merges finished sessions' branches — or a whole convoy's — into a target branch, one at
// a time; the first conflict stops with its files listed and the target left as it was before that merge.
import { resolveSessionRef, SamocodeError, type SessionRef } from "@samocode/core";
import { type Convoy, convoyPath, readConvoy, validateConvoyId } from "@samocode/supervisor";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";
import { convoyMembers, type MergeOptions, mergeSessions } from "../merge-sessions.ts";

export function registerMergeCommand(program: Command, context: CliContext): void {
  program
    .command("merge")
    .description(
      "merge finished sessions' branches (or a convoy's) into a branch (default: the main checkout's), one at a time",
    )
    .argument("<sessions...>", "the sessions or convoys to merge, in order")
    .option("--into <branch>", "the target branch")
    .option("--squash", "one commit per session instead of a merge commit")
    .action(async (refs: string[], options: MergeOptions) => {
      const sessions: SessionRef[] = [];
      for (const ref of refs) sessions.push(...(await sessionsOf(context, ref)));
      await mergeSessions(context, sessions, options);
    });
}

/** A session, or every member of the convoy of that name; a name that is both is for the user to settle. */
async function sessionsOf(context: CliContext, ref: string): Promise<SessionRef[]> {
  const root = (await context.config()).paths.sessions;
  const session = await resolveSessionRef(root, ref);
  let convoy: Convoy | undefined;
  try {
    convoy = validateConvoyId(ref).ok ? await readConvoy(convoyPath(root, ref)) : undefined;
  } catch (error) {
    // A broken convoy file must not stand in the way of merging the session of that name.
    if (!session.ok) throw error;
    context.warn(error instanceof Error ? error.message : String(error));
  }
  if (convoy !== undefined && session.ok)
    throw new SamocodeError(
      "usage",
      `${ref} names both a session and a convoy; use the session's folder name (${session.session.id}) or ${await context.samocode()} convoy merge ${ref}`,
    );
  if (session.ok) return [session.session];
  if (convoy === undefined) throw new SamocodeError("usage", session.reason);
  return convoyMembers(context, convoy);
}
