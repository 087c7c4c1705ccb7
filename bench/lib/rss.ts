// Resident memory of a process from /proc/<pid>/status, sampled over a while, split into anonymous memory
// (heap, stacks) and file-backed pages (the node binary and libraries, shared with other node processes).
import { spawn } from "node:child_process";
import { readFile } from "node:fs/promises";
import { sleep } from "./wait.ts";

/** Decimal megabytes (10^6 bytes), the stricter reading of a "60 MB" target. */
const BYTES_PER_MB = 1_000_000;

export type RssSample = { rss: number; anon: number; file: number };
export type RssSeries = { rss: number[]; anon: number[]; file: number[] };

function field(status: string, name: string): number {
  const kb = new RegExp(`^${name}:\\s+(\\d+)\\s+kB$`, "m").exec(status)?.[1];
  if (kb === undefined) throw new Error(`no ${name} in /proc status (a zombie?)`);
  return (Number(kb) * 1024) / BYTES_PER_MB;
}

export async function readRss(pid: number): Promise<RssSample> {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return { rss: field(status, "VmRSS"), anon: field(status, "RssAnon"), file: field(status, "RssFile") };
}

export async function sampleRss(
  pid: number,
  options: { samples: number; everyMs: number },
): Promise<RssSeries> {
  const out: RssSeries = { rss: [], anon: [], file: [] };
  for (let i = 0; i < options.samples; i++) {
    const sample = await readRss(pid);
    out.rss.push(sample.rss);
    out.anon.push(sample.anon);
    out.file.push(sample.file);
    await sleep(options.everyMs);
  }
  return out;
}

/** A reference: the same Node idling with nothing loaded. */
export async function bareNodeRss(options: { samples: number; everyMs: number }): Promise<RssSeries> {
  const child = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
  try {
    if (child.pid === undefined) throw new Error("could not start a bare node");
    await sleep(500);
    return await sampleRss(child.pid, options);
  } finally {
    child.kill("SIGKILL");
  }
}

/** The command line of a live process, with its NUL separators as spaces. */
export async function commandLine(pid: number): Promise<string> {
  return (await readFile(`/proc/${pid}/cmdline`, "utf8")).split("\0").join(" ").trim();
}
