// The facts a reader needs to compare a results file with their own machine.
import { execFileSync } from "node:child_process";
import { cpus, freemem, loadavg, release, totalmem } from "node:os";

export type Machine = {
  date: string;
  cores: number;
  cpuModel: string;
  memoryGiB: number;
  freeMemoryGiB: number;
  loadAverage1m: number;
  node: string;
  os: string;
  commit: string;
};

const GIB = 1024 ** 3;

export function describeMachine(repoRoot: string): Machine {
  const cpu = cpus();
  return {
    date: new Date().toISOString(),
    cores: cpu.length,
    cpuModel: cpu[0]?.model.trim() ?? "unknown",
    memoryGiB: round(totalmem() / GIB),
    freeMemoryGiB: round(freemem() / GIB),
    loadAverage1m: round(loadavg()[0] ?? 0),
    node: process.version,
    os: `${process.platform} ${release()}`,
    commit: gitCommit(repoRoot),
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/** HEAD, marked when the tree has changes, so a number can be tied to the code that produced it. */
function gitCommit(cwd: string): string {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd, encoding: "utf8" }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], {
      cwd,
      encoding: "utf8",
    });
    return dirty.trim() === "" ? head : `${head} (with uncommitted changes)`;
  } catch (error) {
    return `unknown (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`;
  }
}
