// Which project a session named in the chat belongs to: one bot serves every project on the machine. A
// reference may name its project first (`api/26-12-06-auth`); a bare one is looked up in every project, and
// one that matches in several is refused with the names to use instead.
import { type ActionEnv, resolveSessionRef, type SessionRef } from "@samocode/core";

export type ServedProject = { id: string; actions: ActionEnv };

export type Routed =
  | { ok: true; project: ServedProject; session: SessionRef }
  | { ok: false; reason: string };

/** One project: everything the bot is asked about is in it. */
export function oneProject(actions: ActionEnv, id = "project"): () => Promise<ServedProject[]> {
  return async () => [{ id, actions }];
}

export async function routeSession(projects: readonly ServedProject[], ref: string): Promise<Routed> {
  if (projects.length === 0) return { ok: false, reason: "no project is served here yet" };
  const [first, ...rest] = ref.split("/");
  const named = projects.find((project) => project.id === first);
  if (named !== undefined && rest.length > 0) {
    const found = await resolveSessionRef(named.actions.sessionsRoot, rest.join("/"));
    if (found.ok) return { ok: true, project: named, session: found.session };
  }
  const matches: Array<{ project: ServedProject; session: SessionRef }> = [];
  let firstRefusal: string | undefined;
  for (const project of projects) {
    const found = await resolveSessionRef(project.actions.sessionsRoot, ref);
    if (found.ok) matches.push({ project, session: found.session });
    else firstRefusal ??= found.reason;
  }
  const [only] = matches;
  if (only !== undefined && matches.length === 1) return { ok: true, ...only };
  if (matches.length > 1) {
    const names = matches.map((match) => `${match.project.id}/${match.session.id}`).join(", ");
    return {
      ok: false,
      reason: `${ref} is a session in several projects (${names}); name it as project/session`,
    };
  }
  return { ok: false, reason: firstRefusal ?? `no session matches ${JSON.stringify(ref)}` };
}
