// `SESSIONS/_convoys/<id>.json`: the sessions spawned into a convoy (SPEC §10), and which of its outcomes
// the supervisor has already announced. Spawn and `convoy create` add members, the supervisor records
// announcements; every writer takes a small lock, since parallel spawns and the supervisor share one file.
import { mkdir, readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import {
  onlyFor,
  readJsonFile,
  SamocodeError,
  sessionsRootPaths,
  validateSessionName,
  withFileLock,
  writeJsonAtomically,
} from "@samocode/core";
import { z } from "zod";

/** A convoy lists session ids; thousands of them fit in far less. */
const MAX_CONVOY_BYTES = 4 * 1024 * 1024;

/** Loose: fields a newer samocode adds are kept by an older one rewriting the file. */
export const ConvoySchema = z.looseObject({
  id: z.string().min(1),
  createdAt: z.iso.datetime({ offset: true }),
  sessions: z.array(z.string().min(1)),
  /** The supervisor's record of the outcomes it announced (see convoy-progress.ts), so each goes out once
   * even across its restarts. */
  announced: z.array(z.string()).default([]),
});
export type Convoy = z.infer<typeof ConvoySchema>;

export function convoyPath(sessionsRoot: string, id: string): string {
  return join(sessionsRootPaths(sessionsRoot).convoys, `${id}.json`);
}

/** A convoy id follows the session-name rules, so it is safe as a file name. */
export function validateConvoyId(id: string): { ok: true } | { ok: false; reason: string } {
  const named = validateSessionName(id);
  return named.ok ? { ok: true } : { ok: false, reason: named.reason.replace("session name", "convoy name") };
}

/** Adds a session to the convoy, creating the file on first use; adding it twice is a no-op. */
export async function addToConvoy(sessionsRoot: string, id: string, sessionId: string): Promise<Convoy> {
  return updateConvoy(sessionsRoot, id, (convoy) => {
    if (!convoy.sessions.includes(sessionId)) convoy.sessions.push(sessionId);
  });
}

/** `convoy create` starts from an empty file: a name in use is refused rather than silently extended. */
export async function createConvoyFile(
  sessionsRoot: string,
  id: string,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const valid = validateConvoyId(id);
  if (!valid.ok) return valid;
  const path = convoyPath(sessionsRoot, id);
  await mkdir(sessionsRootPaths(sessionsRoot).convoys, { recursive: true });
  return withFileLock(`${path}.lock`, async () => {
    if ((await readConvoy(path)) !== undefined)
      return { ok: false, reason: `convoy ${id} already exists (${path}); pick another name` };
    await writeJsonAtomically(path, emptyConvoy(id));
    return { ok: true };
  });
}

/** Remembers outcomes as announced; keys already there stay once. */
export async function recordAnnounced(sessionsRoot: string, id: string, keys: string[]): Promise<Convoy> {
  return updateConvoy(sessionsRoot, id, (convoy) => {
    for (const key of keys) if (!convoy.announced.includes(key)) convoy.announced.push(key);
  });
}

/** Every convoy under SESSIONS/_convoys, by name; a damaged file is reported as such instead of hidden. */
export async function listConvoys(
  sessionsRoot: string,
): Promise<Array<{ id: string; convoy: Convoy } | { id: string; error: string }>> {
  const dir = sessionsRootPaths(sessionsRoot).convoys;
  const names = await readdir(dir).catch(onlyFor(["ENOENT"], [] as string[], `cannot list ${dir}`));
  const ids = names.filter((name) => name.endsWith(".json")).map((name) => name.slice(0, -".json".length));
  return Promise.all(
    ids.sort().map(async (id) => {
      try {
        const convoy = await readConvoy(convoyPath(sessionsRoot, id));
        return convoy === undefined ? { id, error: "removed while reading" } : { id, convoy };
      } catch (error) {
        return { id, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
}

async function updateConvoy(
  sessionsRoot: string,
  id: string,
  change: (convoy: Convoy) => void,
): Promise<Convoy> {
  const path = convoyPath(sessionsRoot, id);
  await mkdir(sessionsRootPaths(sessionsRoot).convoys, { recursive: true });
  return withFileLock(`${path}.lock`, async () => {
    const convoy = (await readConvoy(path)) ?? emptyConvoy(id);
    change(convoy);
    await writeJsonAtomically(path, convoy);
    return convoy;
  });
}

function emptyConvoy(id: string): Convoy {
  return { id, createdAt: new Date().toISOString(), sessions: [], announced: [] };
}

/**
 * The convoy, or undefined when it has no file yet; a damaged file is an error rather than silently reset.
 * Any bytes, size, nesting or file type at the path (a FIFO, a folder, a symlink) is such an error, never a
 * hang or a crash (core's readJsonFile).
 */
export async function readConvoy(path: string): Promise<Convoy | undefined> {
  const read = await readJsonFile(path, ConvoySchema, { maxBytes: MAX_CONVOY_BYTES });
  if (!read.ok) {
    if (read.reason === "missing") return undefined;
    throw new SamocodeError("session", read.message);
  }
  // The name is the file's: a copied or hand-edited file must not speak for (or write) another convoy.
  const named = basename(path, ".json");
  if (read.value.id !== named)
    throw new SamocodeError(
      "session",
      `${path} says it is convoy ${JSON.stringify(read.value.id)}, not ${named}`,
    );
  return read.value;
}
