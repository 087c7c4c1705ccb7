// Exit codes of `samocode run` (SPEC §11); only process entry points map outcomes to these.

export const EXIT_CODES = {
  done: 0,
  usage: 2,
  leaseHeld: 3,
  waiting: 10,
  blocked: 11,
  failed: 12,
  /** SIGINT/SIGTERM ended `samocode run`; the state is saved and `samocode run <s>` goes on. */
  stopped: 130,
} as const;
export type ExitCodeName = keyof typeof EXIT_CODES;
