// A timing wrapper put first on PATH as `claude`/`codex`: it logs when each provider run starts and exits
// (bash's $EPOCHREALTIME, no fork), then runs the scripted fake provider, so the loop is timed from outside.
import { chmod, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const FAKE_PROVIDER_BIN = fileURLToPath(new URL("../../tests/fake-provider/bin", import.meta.url));
/** Where the wrapper appends its lines; also the marker that tells our provider processes from others. */
export const TIMINGS_ENV = "SAMOCODE_BENCH_TIMINGS";
/** Overrides what the wrapper runs (the spawn baseline runs /bin/true). */
export const TARGET_ENV = "SAMOCODE_BENCH_PROVIDER";

export type ProviderRun = {
  /** The wrapper's pid: the leader of the provider's process group when the runner started it. */
  pid: number;
  startMs: number;
  /** Null while it runs, or when it was killed before it could log. */
  endMs: number | null;
  code: number | null;
};

function wrapperText(cli: string): string {
  const real = join(FAKE_PROVIDER_BIN, cli);
  return `#!/usr/bin/env bash
# samocode bench: timestamps this provider run, then runs the scripted provider (not exec: the exit is logged).
printf '{"event":"start","pid":%d,"at":"%s"}\\n' "$$" "$EPOCHREALTIME" >> "$${TIMINGS_ENV}"
"\${${TARGET_ENV}:-${real}}" "$@"
code=$?
printf '{"event":"exit","pid":%d,"at":"%s","code":%d}\\n' "$$" "$EPOCHREALTIME" "$code" >> "$${TIMINGS_ENV}"
exit "$code"
`;
}

/** Writes the wrappers into `binDir`, which must come first on the PATH the loop sees. */
export async function installTimingWrappers(binDir: string): Promise<void> {
  for (const cli of ["claude", "codex"] as const) {
    const path = join(binDir, cli);
    await writeFile(path, wrapperText(cli));
    await chmod(path, 0o755);
  }
}

type TimingLine = { event: "start" | "exit"; pid: number; at: number; code: number | null };

function parseLine(line: string): TimingLine {
  const raw = JSON.parse(line) as { event: string; pid: number; at: string; code?: number };
  if (raw.event !== "start" && raw.event !== "exit") throw new Error(`bad timing line: ${line}`);
  // $EPOCHREALTIME uses the locale's decimal mark.
  const at = Number(raw.at.replace(",", ".")) * 1000;
  return { event: raw.event, pid: raw.pid, at, code: raw.code ?? null };
}

/** The provider runs logged so far, in start order. */
export async function readProviderRuns(file: string): Promise<ProviderRun[]> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return "";
    throw error;
  });
  const runs: ProviderRun[] = [];
  const open = new Map<number, ProviderRun>();
  for (const line of text.split("\n")) {
    // A line being appended right now may be cut; it is complete at the next read.
    if (!line.endsWith("}")) continue;
    const entry = parseLine(line);
    if (entry.event === "start") {
      const run: ProviderRun = { pid: entry.pid, startMs: entry.at, endMs: null, code: null };
      runs.push(run);
      open.set(entry.pid, run);
    } else {
      const run = open.get(entry.pid);
      if (run !== undefined) Object.assign(run, { endMs: entry.at, code: entry.code });
      open.delete(entry.pid);
    }
  }
  return runs;
}
