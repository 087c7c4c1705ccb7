#!/usr/bin/env node
// Entry of the `samocode-supervisor` PM2 app (ecosystem.config.cjs): load the config, reconcile the fleet
// until SIGTERM/SIGINT, exit 0. Exit 2 on a config or usage error; anything else is a crash.
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createLogger, EXIT_CODES, type Logger, loadConfig } from "@samocode/core";
import { runSupervisor, scrubPm2Keys, supervisorDir } from "@samocode/supervisor";
import { startNotifications } from "./notifications.ts";

async function main(): Promise<number> {
  // The workers it starts get this env; PM2's per-process keys would override their settings.
  scrubPm2Keys(process.env);
  const { values } = parseArgs({ options: { config: { type: "string" } }, strict: true });
  const loaded = await loadConfig({ configPath: values.config, cwd: process.cwd(), env: process.env });
  if (!loaded.ok) {
    for (const line of loaded.errors) process.stderr.write(`samocode-supervisor: ${line}\n`);
    return EXIT_CODES.usage;
  }
  const { config } = loaded;
  const dir = supervisorDir(config.paths.sessions);
  await mkdir(dir, { recursive: true });
  const logger = createLogger({
    file: join(dir, "supervisor.log"),
    console: true,
    level: config.runtime.logLevel,
    secrets: config.runtime.telegram ? [config.runtime.telegram.botToken] : [],
  });
  for (const warning of loaded.warnings) logger.warn(warning);
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    logger.info("stop requested", { signal });
    stop.abort();
  };
  process.once("SIGTERM", onSignal);
  process.once("SIGINT", onSignal);
  let reconcileSoon = () => {};
  const notifications = await startNotifications(config, logger, () => reconcileSoon());
  try {
    await runSupervisor({
      launch: { config, env: process.env, interpreter: process.execPath },
      logger,
      signal: stop.signal,
      afterPass: notifications.observe,
      onStall: notifications.stalled,
      onConvoy: notifications.convoy,
      onFleetBudget: notifications.fleetBudget,
      onReady: (request) => {
        reconcileSoon = request;
      },
    });
  } finally {
    await notifications.close();
    await closeLogger(logger);
  }
  return 0;
}

function closeLogger(logger: Logger): Promise<void> {
  return new Promise((resolve) => {
    logger.on("finish", () => resolve());
    logger.end();
  });
}

// Explicit exits: PM2's IPC channel keeps a process alive, and a rejected top-level promise inside PM2's
// loader would only be logged, leaving a hung "online" supervisor instead of a crash PM2 restarts.
main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(
      `samocode-supervisor crashed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  },
);
