// The CLI answering at once (issue 16): `samocode --version` and `--help`, whole processes from spawn to exit,
// beside `node -e 0` on the same binary — the start-up no Node CLI can go below.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { makeBenchProject } from "../lib/bench-project.ts";
import { type Benchmark, type Measure, measure, medianRatio } from "../lib/benchmark.ts";
import { questionLoop } from "../lib/scripts.ts";
import { nowMs } from "../lib/stats.ts";

const RUNS = 20;

export const cliVersion: Benchmark = {
  id: "cli-version",
  title: "`samocode --version`, spawn to exit, beside `node -e 0`",
  target: { measure: "version", stat: "median", limit: 150, strict: true },
  run: (ctx) => startup(ctx.scope, ["--version"], "version"),
};

export const cliHelp: Benchmark = {
  id: "cli-help",
  title: "`samocode --help`, spawn to exit, beside `node -e 0`",
  target: { measure: "help", stat: "median", limit: 150, strict: true },
  run: (ctx) => startup(ctx.scope, ["--help"], "help"),
};

async function startup(
  scope: Parameters<Benchmark["run"]>[0]["scope"],
  args: string[],
  id: string,
): Promise<{ measures: Measure[]; notes: string[] }> {
  const project = await makeBenchProject(scope, { script: questionLoop() });
  // Interleaved, so a burst of load elsewhere on the machine lands on both series alike.
  const cli: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const result = await project.cli(args);
    if (result.code !== 0)
      throw new Error(`samocode ${args.join(" ")} exited ${result.code}: ${result.stderr}`);
    if (result.stdout.trim() === "") throw new Error(`samocode ${args.join(" ")} printed nothing`);
    cli.push(result.endMs - result.startMs);
    bare.push(await nodeEmpty(project.root));
  }
  const measures = [
    measure(id, `\`samocode ${args.join(" ")}\``, "ms", cli),
    measure("node-e-0", "reference: `node -e 0`", "ms", bare),
  ];
  return {
    measures,
    notes: [
      `samocode ${args.join(" ")} is ${medianRatio(measures, id, "node-e-0").toFixed(2)}× a bare \`node -e 0\`.`,
      "Run as its bin runs it: the node flags of the CLI's shebang, the compile cache it enables (warm after the first run).",
      `${RUNS} runs of each, interleaved.`,
    ],
  };
}

/** One `node -e 0`, spawn to exit: the floor of any Node CLI's start-up. */
export async function nodeEmpty(cwd: string): Promise<number> {
  const started = nowMs();
  const child = spawn(process.execPath, ["-e", "0"], { cwd, stdio: "ignore" });
  await once(child, "exit");
  return nowMs() - started;
}
