// The floor for a provider loop on this machine: a minimal Node loop that spawns the provider, waits for it,
// reads and parses the signal it wrote, and writes one state file atomically — nothing more.
// Run as its own process: `node floor-loop.ts <dir> <iterations>`, with the provider first on PATH.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { open, readFile, rename } from "node:fs/promises";
import { join } from "node:path";

async function writeAtomically(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  const handle = await open(temp, "w");
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}

async function iterate(dir: string, iteration: number): Promise<void> {
  // Like samocode's runner: its own process group, stdin closed, stdout and stderr read to their end.
  const child = spawn("claude", ["-p", `iteration ${iteration}`], {
    cwd: dir,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout.resume();
  child.stderr.resume();
  // `close` comes once the process exited and both pipes closed: an event, no timer.
  const [code] = (await once(child, "close")) as [number | null];
  if (code !== 0) throw new Error(`the provider exited ${code} in iteration ${iteration}`);
  const signal = JSON.parse(await readFile(join(dir, "_signal.json"), "utf8")) as { status?: unknown };
  if (signal.status !== "continue") throw new Error(`unexpected signal ${JSON.stringify(signal)}`);
  await writeAtomically(join(dir, "state.json"), JSON.stringify({ iteration, status: signal.status }));
}

const [dir, count] = process.argv.slice(2);
if (dir === undefined || !Number.isSafeInteger(Number(count))) {
  throw new Error("usage: node floor-loop.ts <dir> <iterations>");
}
for (let iteration = 1; iteration <= Number(count); iteration++) await iterate(dir, iteration);
