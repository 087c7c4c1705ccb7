// A start gate for a fleet: the timing wrapper runs this gate instead of the scripted provider, and the gate
// holds every provider run until the benchmark opens it, so many sessions start working at the same moment.
import { execFileSync } from "node:child_process";
import { chmod, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Scope } from "./cleanup.ts";
import { FAKE_PROVIDER_BIN, TARGET_ENV } from "./provider-timing.ts";
import { nowMs } from "./stats.ts";

export type ProviderGate = {
  /** To lay over the project's environment, so the wrapper runs the gate. */
  env: Record<string, string>;
  /** Opens the gate for every run waiting and every later one; returns when (ms since the epoch). */
  open: () => Promise<number>;
};

/**
 * Waiting costs no fork: `read -t` on a FIFO opened read-write (so it never sees end-of-file) is a timed
 * sleep inside bash. Fifty gated runs polling with `sleep` would fork hundreds of times a second.
 */
function gateText(gate: string, fifo: string, real: string): string {
  return `#!/usr/bin/env bash
# samocode bench: holds this provider run until ${gate} exists, then runs the scripted provider.
exec 3<>"${fifo}"
while [ ! -e "${gate}" ]; do read -r -t 0.2 -u 3 _; done
exec 3>&-
exec "${real}" "$@"
`;
}

export async function makeProviderGate(scope: Scope): Promise<ProviderGate> {
  const dir = await mkdtemp(join(tmpdir(), "samo-bench-gate-"));
  scope.defer(`remove ${dir}`, () => rm(dir, { recursive: true, force: true }));
  const gate = join(dir, "open");
  const fifo = join(dir, "tick");
  execFileSync("mkfifo", [fifo]);
  const script = join(dir, "gated-claude");
  await writeFile(script, gateText(gate, fifo, join(FAKE_PROVIDER_BIN, "claude")));
  await chmod(script, 0o755);
  return {
    env: { [TARGET_ENV]: script },
    open: async () => {
      const at = nowMs();
      await writeFile(gate, "");
      return at;
    },
  };
}
