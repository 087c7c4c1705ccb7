// Exit codes of `samocode run` (SPEC §11) and the few other commands with outcomes of their own; only process
// entry points map outcomes to these.

export const EXIT_CODES = {
  done: 0,
  usage: 2,
  leaseHeld: 3,
  /** `samocode review --with <cli>`: that CLI is not installed, so nothing ran (a reviewer to skip). */
  notInstalled: 4,
  waiting: 10,
  blocked: 11,
  failed: 12,
  /** SIGINT/SIGTERM ended `samocode run`; the state is saved and `samocode run <s>` goes on. */
  stopped: 130,
  /** The PM2 worker's exit for every settled state (one of its app's stop_exit_codes): never 0, which PM2
   * reports for a death by signal. */
  workerSettled: 64,
} as const;
export type ExitCodeName = keyof typeof EXIT_CODES;
