// Everything a benchmark starts (temp dirs, processes, PM2 daemons) is undone in reverse order, even on failure.

export type Scope = {
  /** Registers an undo step; steps run last-in first-out when the scope closes. */
  defer: (label: string, undo: () => Promise<void> | void) => void;
  /** Runs every step, including after one fails; returns what failed, one line each. */
  close: () => Promise<string[]>;
};

export function makeScope(): Scope {
  const steps: { label: string; undo: () => Promise<void> | void }[] = [];
  return {
    defer: (label, undo) => {
      steps.push({ label, undo });
    },
    close: async () => {
      const failures: string[] = [];
      for (let step = steps.pop(); step !== undefined; step = steps.pop()) {
        try {
          await step.undo();
        } catch (error) {
          failures.push(`${step.label}: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
      return failures;
    },
  };
}

/** Sends `signal` to a process or (negative pid) a process group; false when it is already gone. */
export function signalProcess(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ESRCH") return false;
    throw error;
  }
}
