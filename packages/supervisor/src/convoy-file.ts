// `SESSIONS/_convoys/<id>.json`: the sessions spawned into a convoy (SPEC §10). Spawn adds members; the
// convoy commands (issue 6) read it. Writers take a small lock, since parallel spawns add to one file.
import { mkdir, readFile, rmdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { formatIssues, SamocodeError, validateSessionName, writeJsonAtomically } from "@samocode/core";
import { z } from "zod";

export const CONVOYS_DIR = "_convoys";
const LOCK_STALE_MS = 10_000;
const LOCK_ROUNDS = 500;

/** Loose: fields the convoy commands add later are kept. */
export const ConvoySchema = z.looseObject({
  id: z.string().min(1),
  createdAt: z.iso.datetime({ offset: true }),
  sessions: z.array(z.string().min(1)),
});
export type Convoy = z.infer<typeof ConvoySchema>;

export function convoyPath(sessionsRoot: string, id: string): string {
  return join(sessionsRoot, CONVOYS_DIR, `${id}.json`);
}

/** A convoy id follows the session-name rules, so it is safe as a file name. */
export function validateConvoyId(id: string): { ok: true } | { ok: false; reason: string } {
  const named = validateSessionName(id);
  return named.ok ? { ok: true } : { ok: false, reason: named.reason.replace("session name", "convoy name") };
}

/** Adds a session to the convoy, creating the file on first use; adding it twice is a no-op. */
export async function addToConvoy(sessionsRoot: string, id: string, sessionId: string): Promise<Convoy> {
  const path = convoyPath(sessionsRoot, id);
  await mkdir(join(sessionsRoot, CONVOYS_DIR), { recursive: true });
  return withLock(`${path}.lock`, async () => {
    const convoy = (await readConvoy(path)) ?? { id, createdAt: new Date().toISOString(), sessions: [] };
    if (!convoy.sessions.includes(sessionId)) convoy.sessions.push(sessionId);
    await writeJsonAtomically(path, convoy);
    return convoy;
  });
}

/** The convoy, or undefined when it has no file yet; a damaged file is an error rather than silently reset. */
export async function readConvoy(path: string): Promise<Convoy | undefined> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new SamocodeError("io", `cannot read ${path}`, { cause: error });
  }
  let parsed: ReturnType<typeof ConvoySchema.safeParse>;
  try {
    parsed = ConvoySchema.safeParse(JSON.parse(text));
  } catch (error) {
    throw new SamocodeError("session", `${path} is not valid JSON`, { cause: error });
  }
  if (!parsed.success) {
    throw new SamocodeError("session", `${path} is invalid: ${formatIssues(parsed.error).join("; ")}`);
  }
  return parsed.data;
}

async function withLock<T>(lock: string, body: () => Promise<T>): Promise<T> {
  for (let round = 0; round < LOCK_ROUNDS; round++) {
    try {
      await mkdir(lock);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // A writer that died holding it leaves the lock behind; the critical section is tiny, so age tells.
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > LOCK_STALE_MS) await rmdir(lock).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 20));
      continue;
    }
    try {
      return await body();
    } finally {
      await rmdir(lock).catch(() => undefined);
    }
  }
  throw new SamocodeError("io", `could not take the lock ${lock}; remove it if no samocode command runs`);
}
