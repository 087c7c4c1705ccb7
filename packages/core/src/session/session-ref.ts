// Resolves what a user types for a session (`auth`, `26-11-21-auth`, `auth/api`) to its folder.
// Refs: `<top>` or `<top>/<child>[/<grandchild>…]`, each segment a folder name or a bare name.
// In one folder an exact folder-name match wins, else the newest folder with that name by its date
// prefix (mtime never has to break a tie: one folder holds one `<date>-<name>`). A bare ref that
// matches no top-level session may name a child session if exactly one child anywhere has that name;
// several are reported, since children of different parents are different work and "newest" would
// be a guess. Ids are refs with every segment a folder name.
import { lstat, readdir } from "node:fs/promises";
import { basename, isAbsolute, join, relative, sep } from "node:path";
import { onlyFor } from "../io/fs-errors.ts";
import { parseSessionFolderName, quoteName } from "./session-name.ts";
import { SESSION_FILES, sessionPaths } from "./session-paths.ts";

export type SessionRef = { id: string; dir: string };
export type ResolveSessionResult = { ok: true; session: SessionRef } | { ok: false; reason: string };

type Candidate = SessionRef & { folder: string; name: string; date: string | null };

const SEGMENT = /^[a-z0-9][a-z0-9-]{0,71}$/;
const MAX_DEPTH = 8;

export async function resolveSessionRef(sessionsRoot: string, ref: string): Promise<ResolveSessionResult> {
  const segments = ref.split("/");
  if (ref === "" || !segments.every((segment) => SEGMENT.test(segment))) {
    return {
      ok: false,
      reason: `invalid session reference ${quoteName(ref)}: expected a name or a folder name, children as parent/child`,
    };
  }
  const [first, ...rest] = segments as [string, ...string[]];
  const top = pick(await topLevel(sessionsRoot), first);
  let current: Candidate;
  if (top !== undefined) current = top;
  else if (rest.length === 0) return findUniqueChild(sessionsRoot, first);
  else return { ok: false, reason: `no session matches ${quoteName(first)} in ${sessionsRoot}` };
  for (const segment of rest) {
    const child = pick(await children(current), segment);
    if (child === undefined) {
      return {
        ok: false,
        reason: `session ${current.id} has no child session matching ${quoteName(segment)}`,
      };
    }
    current = child;
  }
  return { ok: true, session: { id: current.id, dir: current.dir } };
}

/** The id of the session in `dir`: its path under the root without the `workers` between parent and child. */
export function sessionIdOf(sessionsRoot: string, dir: string): string {
  const parts = relative(sessionsRoot, dir).split(sep);
  if (parts[0] === ".." || parts[0] === "" || isAbsolute(parts.join(sep))) return basename(dir);
  return parts.filter((part, index) => !(index % 2 === 1 && part === SESSION_FILES.workers)).join("/");
}

/** Every session under the root, children after their parent, top-level folders oldest first. */
export async function listSessions(sessionsRoot: string): Promise<SessionRef[]> {
  const found: SessionRef[] = [];
  const visit = async (parent: Candidate, depth: number): Promise<void> => {
    found.push({ id: parent.id, dir: parent.dir });
    if (depth >= MAX_DEPTH) return;
    for (const child of await children(parent)) await visit(child, depth + 1);
  };
  for (const top of await topLevel(sessionsRoot)) await visit(top, 0);
  return found;
}

async function findUniqueChild(sessionsRoot: string, segment: string): Promise<ResolveSessionResult> {
  const all = await listSessions(sessionsRoot);
  const matches = all.filter((session) => {
    const last = session.id.split("/").at(-1) ?? "";
    return session.id.includes("/") && (last === segment || parseSessionFolderName(last)?.name === segment);
  });
  const [only] = matches;
  if (only !== undefined && matches.length === 1) return { ok: true, session: only };
  if (matches.length > 1) {
    const ids = matches.map((session) => session.id).join(", ");
    return {
      ok: false,
      reason: `session reference ${quoteName(segment)} matches several child sessions (${ids}); use parent/child`,
    };
  }
  return { ok: false, reason: `no session matches ${quoteName(segment)} in ${sessionsRoot}` };
}

function pick(candidates: Candidate[], segment: string): Candidate | undefined {
  const exact = candidates.find((candidate) => candidate.folder === segment);
  if (exact !== undefined) return exact;
  const named = candidates.filter((candidate) => candidate.name === segment);
  named.sort((a, b) => (b.date ?? "").localeCompare(a.date ?? ""));
  return named[0];
}

async function topLevel(sessionsRoot: string): Promise<Candidate[]> {
  const all = await candidatesIn(sessionsRoot, "");
  return all.filter((candidate) => candidate.date !== null).sort((a, b) => a.folder.localeCompare(b.folder));
}

async function children(parent: Candidate): Promise<Candidate[]> {
  const workers = sessionPaths(parent.dir).workers;
  // A `workers` that is a symlink could lead out of the sessions root: no children are read through it.
  const info = await lstat(workers).catch(onlyFor(["ENOENT", "ENOTDIR"], null, `cannot look at ${workers}`));
  if (info?.isDirectory() !== true) return [];
  const all = await candidatesIn(workers, `${parent.id}/`);
  return all.sort((a, b) => a.folder.localeCompare(b.folder));
}

// Symlinks and files are not sessions: following a link could lead out of the sessions root.
async function candidatesIn(container: string, idPrefix: string): Promise<Candidate[]> {
  const entries = await readdir(container, { withFileTypes: true }).catch(
    onlyFor(["ENOENT", "ENOTDIR"], [], `cannot list sessions in ${container}`),
  );
  const result: Candidate[] = [];
  for (const entry of entries) {
    if (!entry.isDirectory() || !SEGMENT.test(entry.name)) continue;
    const dir = join(container, entry.name);
    const parsed = parseSessionFolderName(entry.name);
    result.push({
      id: `${idPrefix}${entry.name}`,
      dir,
      folder: entry.name,
      name: parsed?.name ?? entry.name,
      date: parsed?.date ?? null,
    });
  }
  return result;
}
