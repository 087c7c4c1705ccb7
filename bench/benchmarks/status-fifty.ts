// `samocode status` over 50 sessions: the whole command, spawn to exit, with and without a PM2 daemon to ask,
// beside the bare CLI start-up it cannot go below.
import { createSession } from "../../packages/core/src/index.ts";
import { type BenchProject, makeBenchProject } from "../lib/bench-project.ts";
import { type Benchmark, measure, medianRatio } from "../lib/benchmark.ts";
import { questionLoop } from "../lib/scripts.ts";
import { nodeEmpty } from "./cli-startup.ts";

const SESSIONS = 50;
const RUNS = 15;

export const statusFifty: Benchmark = {
  id: "status-50",
  title: "`samocode status --json` with 50 sessions (PM2 daemon running)",
  target: { measure: "status-json", stat: "median", limit: 250, strict: true },
  run: async (ctx) => {
    const project = await makeBenchProject(ctx.scope, { script: questionLoop(), pm2: true });
    for (let i = 1; i <= SESSIONS; i++) {
      const created = await createSession({
        sessionsRoot: project.sessions,
        task: `benchmark session ${i}`,
        name: `s${String(i).padStart(2, "0")}`,
        provider: "claude",
      });
      if (!created.ok) throw new Error(created.message);
    }
    ctx.log(`${SESSIONS} sessions created; timing ${RUNS} runs of each command`);
    const bare = await timed(project, ["--version"], () => undefined);
    const noDaemon = await timed(project, ["status", "--json"], (out) => checkRows(out, false));
    await project.pm2?.pm2(["ping"]);
    const json = await timed(project, ["status", "--json"], (out) => checkRows(out, true));
    const table = await timed(project, ["status"], () => undefined);
    const node: number[] = [];
    for (let i = 0; i < RUNS; i++) node.push(await nodeEmpty(project.root));
    const measures = [
      measure("status-json", "`samocode status --json`, PM2 daemon running", "ms", json),
      measure("status-table", "`samocode status` (table), PM2 daemon running", "ms", table),
      measure("status-no-daemon", "`samocode status --json`, no PM2 daemon", "ms", noDaemon),
      measure("cli-startup", "reference: `samocode --version` (CLI start-up only)", "ms", bare),
      measure("node-e-0", "reference: `node -e 0`", "ms", node),
    ];
    const pm2Cost = medianRatio(measures, "status-json", "status-no-daemon");
    return {
      measures,
      notes: [
        `status --json is ${medianRatio(measures, "status-json", "cli-startup").toFixed(2)}× the bare CLI start-up and ${medianRatio(measures, "status-json", "node-e-0").toFixed(2)}× \`node -e 0\`; asking the PM2 daemon makes it ${pm2Cost.toFixed(2)}× the run without one.`,
        `${SESSIONS} sessions made with core's createSession (status reads each _hook.json); the daemon has no apps.`,
        "Each run is a new process, timed from spawn to exit, as a user would run it.",
      ],
    };
  },
};

async function timed(
  project: BenchProject,
  args: string[],
  check: (stdout: string) => void,
): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const result = await project.cli(args);
    if (result.code !== 0)
      throw new Error(`samocode ${args.join(" ")} exited ${result.code}: ${result.stderr}`);
    check(result.stdout);
    out.push(result.endMs - result.startMs);
  }
  return out;
}

function checkRows(stdout: string, daemon: boolean): void {
  const view = JSON.parse(stdout) as { daemon: boolean; rows: unknown[] };
  if (view.rows.length !== SESSIONS || view.daemon !== daemon) {
    throw new Error(
      `status showed ${view.rows.length} rows, daemon ${view.daemon}; expected ${SESSIONS}, ${daemon}`,
    );
  }
}
