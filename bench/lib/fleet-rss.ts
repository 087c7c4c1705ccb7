// Resident memory of a whole fleet over time: the supervisor and every live worker of one PM2 home, summed
// per sample, with how many workers and providers were alive then.
import { readRss } from "./rss.ts";
import { type FleetProcess, fleetProcesses } from "./supervisor-app.ts";
import { sleep } from "./wait.ts";

export type FleetSample = {
  /** VmRSS of the supervisor and the workers, summed (MB); shared file-backed pages count once per process. */
  rss: number;
  /** Their anonymous memory (heap, stacks) summed (MB): nothing in it is shared. */
  anon: number;
  workers: number;
  providers: number;
};

export type FleetWatch = { stop: () => Promise<FleetSample[]> };

/** Samples every `everyMs` until stopped; a process that exits between the scan and the read is skipped. */
export function watchFleetRss(pm2Home: string, everyMs: number): FleetWatch {
  const samples: FleetSample[] = [];
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      samples.push(await sampleFleet(await fleetProcesses(pm2Home)));
      await sleep(everyMs);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
      return samples;
    },
  };
}

async function sampleFleet(processes: readonly FleetProcess[]): Promise<FleetSample> {
  const sample: FleetSample = { rss: 0, anon: 0, workers: 0, providers: 0 };
  for (const { pid, role } of processes) {
    if (role === "provider") {
      sample.providers++;
      continue;
    }
    const rss = await readRss(pid).catch(() => undefined);
    if (rss === undefined) continue;
    sample.rss += rss.rss;
    sample.anon += rss.anon;
    if (role === "worker") sample.workers++;
  }
  return sample;
}
