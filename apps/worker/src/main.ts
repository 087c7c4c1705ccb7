#!/usr/bin/env node
// Entry of the PM2 worker for one session: runs its loop; exit 0 for every settled state so PM2 does
// not restart it, 3 when another loop holds the session, non-zero otherwise only on a crash.
import { parseArgs } from "node:util";
import { EXIT_CODES, loadConfig, resolveSessionRef, startSessionLoop } from "@samocode/core";

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { config: { type: "string" }, session: { type: "string" } },
    strict: true,
  });
  const loaded = await loadConfig({ configPath: values.config, cwd: process.cwd(), env: process.env });
  if (!loaded.ok) return fail(loaded.errors);
  if (values.session === undefined) return fail(["--session <name or folder> is required"]);
  const ref = await resolveSessionRef(loaded.config.paths.sessions, values.session);
  if (!ref.ok) return fail([ref.reason]);
  const outcome = await startSessionLoop({
    config: loaded.config,
    sessionDir: ref.session.dir,
    owner: "worker",
    noWait: false,
    report: (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
  });
  if (outcome.kind === "lease-held") {
    process.stderr.write(`samocode worker: ${outcome.reason}\n`);
    return EXIT_CODES.leaseHeld;
  }
  if (outcome.kind === "unreadable") return fail([outcome.reason]);
  process.stdout.write(
    `${outcome.hook.session}: ${outcome.kind === "stopped" ? "stopped" : outcome.hook.state}\n`,
  );
  return 0;
}

function fail(lines: string[]): number {
  for (const line of lines) process.stderr.write(`samocode worker: ${line}\n`);
  return EXIT_CODES.usage;
}

process.exitCode = await main();
