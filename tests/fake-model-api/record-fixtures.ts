// Regenerates tests/fixtures/provider-streams/*.jsonl: the real CLIs' stdout against the fake model API.
// Run: node tests/fake-model-api/record-fixtures.ts [name-filter]
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { claudeEnv, codexEnv, REAL_CLAUDE, REAL_CODEX } from "./cli-env.ts";
import { startFakeModelApi } from "./fake-model-api.ts";
import { claudeArgv, codexArgv, SCENARIOS, type Scenario } from "./fixture-scenarios.ts";
import { runCli } from "./run-cli.ts";

const FIXTURES = join(dirname(dirname(fileURLToPath(import.meta.url))), "fixtures", "provider-streams");
const PROMPT = "Do this iteration's work, then write _signal.json.";
const CLOSED_PORT_URL = "http://127.0.0.1:9";

/** Temp paths and ports differ per run; placeholders keep the fixtures stable and readable. */
function scrub(text: string, root: string): string {
  return text.replaceAll(root, "<root>").replaceAll(/127\.0\.0\.1:\d+/g, "127.0.0.1:<port>");
}

async function record(scenario: Scenario): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), "samo-fixture-"));
  try {
    const [home, worktree, sessionDir] = ["home", "worktree", "session"].map((name) => join(root, name)) as [
      string,
      string,
      string,
    ];
    await Promise.all([home, worktree, sessionDir].map((dir) => mkdir(dir, { recursive: true })));
    const api = await startFakeModelApi(scenario.script(sessionDir));
    try {
      const input = {
        prompt: PROMPT,
        worktree,
        ...(scenario.maxTurns ? { maxTurns: scenario.maxTurns } : {}),
        ...(scenario.model ? { model: scenario.model } : {}),
      };
      const claude = scenario.cli === "claude";
      const env = claude
        ? await claudeEnv(api, home, { sandbox: true })
        : await codexEnv(api, home, scenario.unreachable ? CLOSED_PORT_URL : api.url);
      env.TZ = "UTC"; // stable wall-clock times in the recorded messages
      const argv = claude ? claudeArgv(input) : codexArgv(input);
      const run = await runCli(claude ? REAL_CLAUDE : REAL_CODEX, argv, {
        cwd: worktree,
        env,
        killAfterMs: scenario.killAfterMs ?? 60_000,
      });
      await writeFile(join(FIXTURES, scenario.file), scrub(run.stdout, root));
      const requests = api.requests.map((r) => `${r.method} ${r.path} ${r.status}`).join(", ");
      const end = run.killed ? "killed at deadline" : `exit ${run.exitCode}`;
      console.log(`${scenario.file}: ${end}, ${run.durationMs} ms; requests: ${requests || "none"}`);
    } finally {
      await api.close();
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

const filter = process.argv[2] ?? "";
await mkdir(FIXTURES, { recursive: true });
for (const scenario of SCENARIOS.filter((s) => s.file.includes(filter))) await record(scenario);
