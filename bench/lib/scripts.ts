// Scripts for the scripted provider that the benchmarks play: no-op iterations, a Q&A gate, a long sleep.

type Step = string | Record<string, unknown>;
type Run = Step[];

/** One agent step that writes its signal. */
export const signal = (json: Record<string, unknown>): Step => ({
  write: { path: "{session}/_signal.json", json },
});

const move = (phase: string): Run => ["init", signal({ status: "continue", phase })];

/**
 * With --auto-approve: straight to implementation, `iterations` no-op runs there (each only writes its
 * signal), then on to done. Implementation allows 100 accepted iterations.
 */
export function noopSession(iterations: number): unknown {
  if (iterations < 1 || iterations > 99) throw new RangeError("1..99 implementation iterations");
  const stay: Run = ["init", signal({ status: "continue" })];
  return {
    phases: {
      investigation: [move("requirements")],
      requirements: [move("planning")],
      planning: [move("implementation")],
      implementation: [...Array.from({ length: iterations - 1 }, () => stay), move("testing")],
      testing: [move("quality")],
      quality: [move("done")],
      done: [["init", signal({ status: "done", summary: "no-op session" })]],
    },
  };
}

/** Asks one question and waits for it, again after every answer (the last run repeats). */
export function questionLoop(): unknown {
  const qa = "### Q1: Which token format?\n- a) JWT\n- b) opaque\n**Answer:** _waiting_\n";
  return {
    runs: [
      move("requirements"),
      [
        "init",
        { write: { path: "{session}/_qa.md", text: qa } },
        signal({ status: "waiting", for: "qa_answers" }),
      ],
    ],
  };
}

/** Every run sleeps far longer than a benchmark lasts, so a provider is always in flight. */
export function sleeper(): unknown {
  return { runs: [["init", { sleep: 3_600_000 }, signal({ status: "continue" })]] };
}
