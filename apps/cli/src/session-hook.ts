// A resolved session's hook for a command that only reads it; an unreadable hook is a session error.
import { type Hook, readHook, SamocodeError, type SessionRef } from "@samocode/core";

export async function readSessionHook(session: SessionRef): Promise<Hook> {
  const read = await readHook(session.dir);
  if (!read.ok) throw new SamocodeError("session", `${session.id}: ${read.message}`);
  return read.hook;
}
