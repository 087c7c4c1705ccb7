// A small lock for read-modify-write of a shared file (a convoy, the list of projects): a folder made with
// mkdir, which exactly one of several processes can create. A writer that died holding it leaves the folder
// behind; the critical sections are tiny, so a lock this old is taken as abandoned.
import { mkdir, rmdir, stat } from "node:fs/promises";
import { SamocodeError } from "./errors.ts";

const ROUNDS = 500;
const STALE_MS = 10_000;

export async function withFileLock<T>(lock: string, body: () => Promise<T>): Promise<T> {
  for (let round = 0; round < ROUNDS; round++) {
    try {
      await mkdir(lock);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") {
        throw new SamocodeError("io", `cannot take the lock ${lock}`, { cause: error });
      }
      const since = await stat(lock).then(
        (info) => info.mtimeMs,
        (statError: NodeJS.ErrnoException) => {
          if (statError.code === "ENOENT") return Date.now();
          throw new SamocodeError("io", `cannot check the lock ${lock}`, { cause: statError });
        },
      );
      if (Date.now() - since > STALE_MS) await removeLock(lock);
      await new Promise((resolve) => setTimeout(resolve, 10 + Math.random() * 20));
      continue;
    }
    try {
      return await body();
    } finally {
      await removeLock(lock);
    }
  }
  throw new SamocodeError("io", `could not take the lock ${lock}; remove it if no samocode command runs`);
}

async function removeLock(lock: string): Promise<void> {
  try {
    await rmdir(lock);
  } catch (error) {
    // Another process took an abandoned lock away first.
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
