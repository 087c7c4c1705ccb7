// Stall detection latency under PM2 with the supervisor: a provider that prints one line and then hangs
// silently, stall after stall in one session; from its last activity (the provider's start or its last event
// landing in the attempt log, whichever is later) to the supervisor's `_stall.json`, to the provider gone,
// and to the next attempt's start.
import { readFile, stat } from "node:fs/promises";
import { basename, join } from "node:path";
import { stallCheckInterval } from "../../packages/supervisor/src/stall-watch.ts";
import { type BenchProject, makeBenchProject } from "../lib/bench-project.ts";
import { type Benchmark, measure } from "../lib/benchmark.ts";
import type { ProviderRun } from "../lib/provider-timing.ts";
import { nowMs } from "../lib/stats.ts";
import { startSupervisor, supervisorLog } from "../lib/supervisor-app.ts";
import { waitUntil } from "../lib/wait.ts";

/** SAMOCODE_STALL_MINUTES takes fractions: 0.05 min is the 3 s the stall e2e test uses. */
const STALL_MINUTES = "0.05";
const BOUND_MS = 3_000;
/** Issue 6's goal: detected within the bound plus at most 5 s. */
const ALLOWANCE_MS = 5_000;
/** Each stall is one sample; the session blocks at the last (SAMOCODE_MAX_STALLS). */
const STALLS = 10;

type Sample = {
  lastActivityMs: number;
  stallMs: number;
  endedMs: number;
  idleMs: number;
  /** Undefined when the stall was read from the supervisor's log. */
  checkMs: number | undefined;
};

export const stallLatency: Benchmark = {
  id: "stall-latency",
  title: "Stall detection: a silent provider's last activity → `_stall.json` (bound 3 s, goal bound + ≤ 5 s)",
  target: { measure: "past-bound", stat: "median", limit: ALLOWANCE_MS, strict: false },
  run: async (ctx) => {
    const script = { runs: [["init", { say: "thinking…" }, "hang"]] };
    const project = await makeBenchProject(ctx.scope, {
      script,
      pm2: true,
      env: { SAMOCODE_STALL_MINUTES: STALL_MINUTES, SAMOCODE_MAX_STALLS: String(STALLS) },
    });
    await startSupervisor(project);
    const spawned = await project.cli(["spawn", "--name", "hang", "--json", "hang silently"]);
    if (spawned.code !== 0) throw new Error(`samocode spawn exited ${spawned.code}: ${spawned.stderr}`);
    const dir = join(project.sessions, (JSON.parse(spawned.stdout) as { session: string }).session);
    ctx.log(
      `one session, ${STALLS} stalls in a row (about ${((STALLS * (BOUND_MS + 700)) / 1000).toFixed(0)} s)`,
    );
    const samples: Sample[] = [];
    for (let i = 0; i < STALLS; i++) samples.push(await oneStall(project, dir, i));
    await project.waitForHook(dir, "the session blocked by its stalls", (h) => h.state === "blocked");
    const runs = await project.providerRuns();
    const toNext = samples.slice(0, -1).map((s, i) => nextStart(runs, i) - s.lastActivityMs);
    const stallToNext = samples.slice(0, -1).map((s, i) => nextStart(runs, i) - s.stallMs);
    const latency = samples.map((s) => s.stallMs - s.lastActivityMs);
    const checks = samples.flatMap((s) => (s.checkMs === undefined ? [] : [s.checkMs]));
    const fromLog = samples.length - checks.length;
    return {
      measures: [
        measure(
          "past-bound",
          "`_stall.json` written, past the bound",
          "ms",
          latency.map((l) => l - BOUND_MS),
        ),
        measure("to-stall", "last activity → `_stall.json` written", "ms", latency),
        measure(
          "to-ended",
          "last activity → provider process gone",
          "ms",
          samples.map((s) => s.endedMs - s.lastActivityMs),
        ),
        measure("to-next", "last activity → next attempt's provider start", "ms", toNext),
        measure("stall-to-next", "  of which: `_stall.json` → next provider start", "ms", stallToNext),
        measure(
          "idle-reading",
          "reference: the supervisor's own idle reading (`idleMs` in `_stall.json`)",
          "ms",
          samples.map((s) => s.idleMs),
        ),
        ...(checks.length === 0
          ? []
          : [
              measure(
                "check-cost",
                "reference: the stall check's start (`detectedAt`) → `_stall.json` written",
                "ms",
                checks,
              ),
            ]),
      ],
      notes: [
        `Bound SAMOCODE_STALL_MINUTES=${STALL_MINUTES} (${BOUND_MS} ms); the supervisor checks every ${stallCheckInterval(BOUND_MS)} ms at this bound, every ${stallCheckInterval(15 * 60_000) / 1000} s at the default 15 min, so there the wait past the bound can reach that interval plus one check.`,
        "Last activity: the later of the provider's start (timing wrapper) and the mtime of the attempt log, where its last event (one line, then silence) landed. `_stall.json`'s mtime is when the supervisor recorded the stall.",
        `One session stalls ${STALLS} times (SAMOCODE_MAX_STALLS=${STALLS}); the loop re-runs each stalled attempt at once and blocks at the last.`,
        ...(fromLog === 0
          ? []
          : [
              `${fromLog} of the stalls were read from the supervisor's log line (ms resolution): the loop had cleared \`_stall.json\` before it was seen.`,
            ]),
      ],
    };
  },
};

/** The start of the provider run after stall `index`'s (the session's runs are one per attempt). */
function nextStart(runs: readonly ProviderRun[], index: number): number {
  const run = runs[index + 1];
  if (run === undefined) throw new Error(`no provider run after stall ${index + 1}`);
  return run.startMs;
}

type Attempt = { attempt: number; logFile: string };

/** Stall `index`: its attempt in flight, then the stall record; the log's mtime is read until the record appears. */
async function oneStall(project: BenchProject, dir: string, index: number): Promise<Sample> {
  const run = await waitUntil(`provider run ${index + 1}`, async () => (await project.providerRuns())[index]);
  const attempt = await waitUntil(`attempt ${index + 1} in the hook`, async () => {
    const value = (await project.hook(dir))?.attempt as Attempt | null | undefined;
    return value?.attempt === index + 1 ? value : undefined;
  });
  let logMtimeMs = 0;
  const record = await waitUntil(`the stall of attempt ${attempt.attempt}`, async () => {
    const found = await readStallRecord(dir);
    if (found?.attempt === attempt.attempt) return found;
    // Gone already: on a busy machine the loop may clear `_stall.json` between two reads.
    if (await isGone(run.pid)) return stallFromLog(supervisorLog(project), basename(dir), attempt.attempt);
    logMtimeMs = (await stat(attempt.logFile).catch(() => undefined))?.mtimeMs ?? logMtimeMs;
    return undefined;
  });
  const endedMs = await waitUntil("the stalled provider gone", async () =>
    (await isGone(run.pid)) ? nowMs() : undefined,
  );
  return {
    lastActivityMs: Math.max(run.startMs, logMtimeMs),
    stallMs: record.mtimeMs,
    endedMs,
    idleMs: record.idleMs,
    checkMs: record.detectedAtMs === undefined ? undefined : record.mtimeMs - record.detectedAtMs,
  };
}

type StallSeen = { attempt: number; idleMs: number; detectedAtMs: number | undefined; mtimeMs: number };

async function readStallRecord(dir: string): Promise<StallSeen | undefined> {
  const path = join(dir, "_stall.json");
  const [text, file] = await Promise.all([
    readFile(path, "utf8").catch(() => undefined),
    stat(path).catch(() => undefined),
  ]);
  if (text === undefined || file === undefined) return undefined;
  try {
    const parsed = JSON.parse(text) as { attempt: number; idleMs: number; detectedAt: string };
    const detectedAtMs = Date.parse(parsed.detectedAt);
    return { attempt: parsed.attempt, idleMs: parsed.idleMs, detectedAtMs, mtimeMs: file.mtimeMs };
  } catch {
    return undefined; // Written atomically, but a read may race the rename.
  }
}

/** The supervisor's "stalled attempt ended" line (logged just after `_stall.json` is written; ms resolution). */
async function stallFromLog(log: string, session: string, attempt: number): Promise<StallSeen | undefined> {
  const text = await readFile(log, "utf8").catch(() => "");
  for (const line of text.split("\n")) {
    if (!line.includes('"stalled attempt ended"')) continue;
    const entry = JSON.parse(line) as { session: string; attempt: number; idleMs: number; timestamp: string };
    if (entry.session !== session || entry.attempt !== attempt) continue;
    return { attempt, idleMs: entry.idleMs, detectedAtMs: undefined, mtimeMs: Date.parse(entry.timestamp) };
  }
  return undefined;
}

/** Gone, or a zombie its parent has yet to reap: either way it no longer runs. */
async function isGone(pid: number): Promise<boolean> {
  const text = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => undefined);
  return text === undefined || text.slice(text.lastIndexOf(")") + 2).startsWith("Z");
}
