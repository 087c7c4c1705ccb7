// The public surface of @samocode/supervisor: PM2 (through its one client), spawning and stopping workers,
// the supervisor process, convoys and status. The worker imports ./pm2-env and ./session-summary alone.

export {
  type Convoy,
  convoyPath,
  createConvoyFile,
  listConvoys,
  readConvoy,
  validateConvoyId,
} from "./convoy-file.ts";
export type { ConvoyProgress } from "./convoy-progress.ts";
export { type ConvoyAnnouncement, readConvoyProgress } from "./convoy-watch.ts";
export { type WorkerLaunch, workerLaunch } from "./ensure-worker.ts";
export type { FleetBudgetChange } from "./fleet-budget-watch.ts";
export { pm2LoopControl } from "./loop-control.ts";
export { BUNDLED_PM2_BIN, bundledPm2Version, runPm2Cli } from "./pm2-cli.ts";
export { isDaemonRunning, pm2Home, withPm2, withRunningPm2 } from "./pm2-client.ts";
export { scrubPm2Keys } from "./pm2-env.ts";
export { removeSession } from "./remove-session.ts";
export { restartSession } from "./restart-session.ts";
export { spawnSession } from "./spawn-session.ts";
export { collectStatus, type StatusView } from "./status-view.ts";
export { runSupervisor } from "./supervisor.ts";
export { ECOSYSTEM_FILE, ensureSupervisor, supervisorAppDefinition } from "./supervisor-app.ts";
export { supervisorDir } from "./supervisor-events.ts";
export { SUPERVISOR_APP, WORKER_NODE_ARGS } from "./worker-app.ts";
