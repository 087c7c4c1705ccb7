// Answer → resume: a `samocode run` loop idles at the Q&A gate; `samocode answer` fills the last answer, and
// the time from that write (the file's mtime) to the next provider start is measured, cycle after cycle.
import { stat } from "node:fs/promises";
import { join } from "node:path";
import { makeBenchProject } from "../lib/bench-project.ts";
import { type Benchmark, measure } from "../lib/benchmark.ts";
import { questionLoop } from "../lib/scripts.ts";
import { sleep, waitUntil } from "../lib/wait.ts";

const CYCLES = 20;
// A human answers well after the question: the loop has settled into its idle wait by then.
const SETTLE_MS = 500;

export const answerResume: Benchmark = {
  id: "answer-resume",
  title: "Answer → resume: `samocode answer` writes the last answer → next provider start",
  target: { measure: "written-to-start", stat: "median", limit: 1000, strict: true },
  run: async (ctx) => {
    const project = await makeBenchProject(ctx.scope, { script: questionLoop() });
    const loop = project.startCli(["run", "--task", "answer benchmark", "--name", "qa"]);
    const dir = await project.waitForSession();
    const written: number[] = [];
    const command: number[] = [];
    const pressed: number[] = [];
    ctx.log(`${CYCLES} answer cycles against a waiting samocode run`);
    for (let cycle = 0; cycle < CYCLES; cycle++) {
      await project.waitForHook(dir, "the session to wait for answers", isAsking);
      await sleep(SETTLE_MS);
      const before = (await project.providerRuns()).length;
      const answer = await project.cli(["answer", "qa", `answer ${cycle}`]);
      if (answer.code !== 0) throw new Error(`samocode answer exited ${answer.code}: ${answer.stderr}`);
      const writtenAt = Number((await stat(join(dir, "_qa.md"), { bigint: true })).mtimeNs) / 1e6;
      const next = await waitUntil("the provider run after the answer", async () => {
        return (await project.providerRuns())[before];
      });
      if (writtenAt > next.startMs) throw new Error("_qa.md changed again before the answer was timed");
      written.push(next.startMs - writtenAt);
      command.push(answer.endMs - answer.startMs);
      pressed.push(next.startMs - answer.startMs);
    }
    loop.child.kill("SIGTERM");
    const stopped = await loop.exited;
    return {
      measures: [
        measure("written-to-start", "answer written (_qa.md mtime) → next provider start", "ms", written),
        measure("answer-command", "`samocode answer` command: spawn → exit", "ms", command),
        measure("command-to-start", "`samocode answer` spawned → next provider start", "ms", pressed),
      ],
      notes: [
        `${CYCLES} cycles in one \`samocode run\` session, each answered ${SETTLE_MS} ms after the loop began waiting.`,
        "The mtime comes from the kernel's coarse clock (a few ms granularity).",
        `The loop exited ${stopped.code} on SIGTERM at the end (130 = stopped).`,
      ],
    };
  },
};

export function isAsking(hook: Record<string, unknown>): boolean {
  return hook.state === "waiting" && hook.waitingFor === "qa_answers";
}
