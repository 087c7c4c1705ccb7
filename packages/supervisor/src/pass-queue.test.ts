import { describe, expect, it } from "vitest";
import { createPassQueue } from "./pass-queue.ts";

function gate() {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

describe("createPassQueue", () => {
  it("never overlaps passes and folds requests made during a pass into one more", async () => {
    const gates = [gate(), gate()];
    let running = 0;
    let most = 0;
    let passes = 0;
    const queue = createPassQueue(
      async () => {
        running++;
        most = Math.max(most, running);
        await gates[passes++]?.opened;
        running--;
      },
      () => undefined,
    );
    queue.request();
    queue.request();
    queue.request();
    gates[0]?.open();
    gates[1]?.open();
    await new Promise((resolve) => setTimeout(resolve, 20));
    await queue.drain();
    expect({ passes, most }).toEqual({ passes: 2, most: 1 });
  });

  it("reports a failing pass and keeps going; after drain it takes no more requests", async () => {
    const errors: unknown[] = [];
    let passes = 0;
    const queue = createPassQueue(
      async () => {
        passes++;
        throw new Error("boom");
      },
      (error) => errors.push(error),
    );
    queue.request();
    await new Promise((resolve) => setTimeout(resolve, 10));
    queue.request();
    await queue.drain();
    queue.request();
    queue.requestSoon();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(passes).toBe(2);
    expect(errors).toHaveLength(2);
  });

  it("debounces a burst of soon-requests into one pass", async () => {
    let passes = 0;
    const queue = createPassQueue(
      async () => {
        passes++;
      },
      () => undefined,
      20,
    );
    for (let i = 0; i < 10; i++) queue.requestSoon();
    await new Promise((resolve) => setTimeout(resolve, 80));
    await queue.drain();
    expect(passes).toBe(1);
  });
});
