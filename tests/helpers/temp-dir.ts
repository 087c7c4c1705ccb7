// Temp directories that are removed after the test, even when it fails. One made outside a test (a
// fixture shared by a file's tests, made in beforeAll) is removed by `removeSharedTempDirs` in afterAll.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";

const shared: string[] = [];

export async function makeTempDir(prefix = "samo-"): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  whenDone(
    () => rm(dir, { recursive: true, force: true }),
    () => shared.push(dir),
  );
  return dir;
}

/** Runs `cleanup` when the current test ends; outside a test, `outside` keeps it for later instead. */
export function whenDone(cleanup: () => Promise<unknown>, outside: () => void): void {
  try {
    onTestFinished(async () => {
      await cleanup();
    });
  } catch (error) {
    if (!(error instanceof Error && /only be called inside a test/.test(error.message))) throw error;
    outside();
  }
}

export async function removeSharedTempDirs(): Promise<void> {
  for (const dir of shared.splice(0)) await rm(dir, { recursive: true, force: true });
}
