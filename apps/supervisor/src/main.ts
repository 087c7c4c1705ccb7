#!/usr/bin/env node
// Entry of the `samocode-supervisor` PM2 app (ecosystem.config.cjs), one per PM2 daemon: load the machine-wide
// settings, serve every known project until SIGTERM/SIGINT, exit 0. Started inside a project (its folder, or
// SAMOCODE_CONFIG, or --config) it adds that project to the known ones first. Exit 2 on a bad user config;
// anything else is a crash.
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  createLogger,
  EXIT_CODES,
  type Logger,
  loadConfig,
  loadMachineConfig,
  projectIdentity,
} from "@samocode/core";
import { runSupervisor, scrubPm2Keys } from "@samocode/supervisor";
import { startNotifications } from "./notifications.ts";

async function main(): Promise<number> {
  // The workers it starts get this env; PM2's per-process keys would override their settings.
  scrubPm2Keys(process.env);
  const { values } = parseArgs({ options: { config: { type: "string" } }, strict: true });
  const machine = await loadMachineConfig(process.env);
  if (!machine.ok) {
    for (const line of machine.errors) process.stderr.write(`samocode-supervisor: ${line}\n`);
    return EXIT_CODES.usage;
  }
  const { config } = machine;
  const logger = createLogger({
    file: join(config.user.state, "supervisor.log"),
    console: true,
    level: config.logLevel,
    secrets: config.telegram ? [config.telegram.botToken] : [],
  });
  for (const warning of machine.warnings) logger.warn(warning);
  await knowProjectHere(values.config, logger);
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
      machine: config,
      env: process.env,
      interpreter: process.execPath,
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

/** `pm2 start ecosystem.config.cjs` run inside a project serves it from the first pass; elsewhere, nothing. */
async function knowProjectHere(configPath: string | undefined, logger: Logger): Promise<void> {
  const here = await loadConfig({ configPath, cwd: process.cwd(), env: process.env });
  if (!here.ok) return;
  const { config } = here;
  const project = await projectIdentity(config.user, config.projectFile, config.paths.mainRepo);
  logger.info("started in a project", { project: project.id, config: project.config });
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
