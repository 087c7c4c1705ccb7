// Resident memory of a loop idling at the Q&A gate: the foreground `samocode run` and the PM2 worker,
// sampled from /proc once the wait has settled.
import { makeBenchProject } from "../lib/bench-project.ts";
import { type Benchmark, type Measure, measure, medianRatio } from "../lib/benchmark.ts";
import { bareNodeRss, commandLine, type RssSeries, sampleRss } from "../lib/rss.ts";
import { questionLoop } from "../lib/scripts.ts";
import { sleep } from "../lib/wait.ts";
import { workerPid } from "../lib/worker-process.ts";
import { isAsking } from "./answer-resume.ts";

const SETTLE_MS = 1_000;
const SAMPLING = { samples: 50, everyMs: 100 };
const TARGET = { measure: "rss", stat: "median", limit: 60, strict: true } as const;

export const idleRssRun: Benchmark = {
  id: "idle-rss-run",
  title: "RSS of a `samocode run` loop idling at the Q&A gate",
  target: TARGET,
  run: async (ctx) => {
    const project = await makeBenchProject(ctx.scope, { script: questionLoop() });
    const loop = project.startCli(["run", "--task", "idle loop", "--name", "idle"]);
    const dir = await project.waitForSession();
    await project.waitForHook(dir, "the session to wait for answers", isAsking);
    await sleep(SETTLE_MS);
    ctx.log(`sampling VmRSS of pid ${loop.pid} (${SAMPLING.samples} × ${SAMPLING.everyMs} ms)`);
    const measures = await rssMeasures(
      "the idle `samocode run` process",
      await sampleRss(loop.pid, SAMPLING),
    );
    return {
      measures,
      notes: [`pid ${loop.pid}: ${await commandLine(loop.pid)}`, bareNote(measures), "MB = 10^6 bytes."],
    };
  },
};

export const idleRssWorker: Benchmark = {
  id: "idle-rss-worker",
  title: "RSS of a PM2 worker idling at the Q&A gate",
  target: TARGET,
  run: async (ctx) => {
    const project = await makeBenchProject(ctx.scope, { script: questionLoop(), pm2: true });
    const spawned = await project.cli(["spawn", "--name", "idle", "idle worker"]);
    if (spawned.code !== 0) throw new Error(`samocode spawn exited ${spawned.code}: ${spawned.stderr}`);
    const dir = await project.waitForSession();
    await project.waitForHook(dir, "the session to wait for answers", isAsking);
    const pid = await workerPid(dir);
    await sleep(SETTLE_MS);
    ctx.log(`sampling VmRSS of worker pid ${pid} (${SAMPLING.samples} × ${SAMPLING.everyMs} ms)`);
    const measures = await rssMeasures("the idle PM2 worker", await sampleRss(pid, SAMPLING));
    const pm2Mb = await pm2Memory(project.pm2?.pm2, pid);
    return {
      measures,
      notes: [
        `pid ${pid} (from the session's lease): ${await commandLine(pid)}`,
        bareNote(measures),
        `PM2's own reading for it: ${pm2Mb === undefined ? "not found in pm2 jlist" : `${pm2Mb.toFixed(1)} MB`}.`,
        "MB = 10^6 bytes. The PM2 daemon itself is not counted.",
      ],
    };
  },
};

function bareNote(measures: readonly Measure[]): string {
  return `${medianRatio(measures, "rss", "bare-node").toFixed(1)}× the RSS of a bare idle node process.`;
}

async function rssMeasures(what: string, series: RssSeries): Promise<Measure[]> {
  const bare = await bareNodeRss(SAMPLING);
  const measures = [
    measure("rss", `VmRSS of ${what}`, "MB", series.rss),
    measure("anon", "  of which anonymous (heap, stacks: its own)", "MB", series.anon),
    measure("file", "  of which file-backed (node binary, libraries: shared)", "MB", series.file),
    measure("bare-node", "reference: VmRSS of an idle `node -e 'setInterval(…)'`", "MB", bare.rss),
  ];
  return measures;
}

async function pm2Memory(pm2: ((args: string[]) => Promise<string>) | undefined, pid: number) {
  if (pm2 === undefined) return undefined;
  // pm2 may print notices before the JSON line.
  const json = (await pm2(["jlist"])).split("\n").find((line) => line.startsWith("["));
  if (json === undefined) return undefined;
  const apps = JSON.parse(json) as { pid: number; monit?: { memory?: number } }[];
  const memory = apps.find((app) => app.pid === pid)?.monit?.memory;
  return memory === undefined ? undefined : memory / 1_000_000;
}
