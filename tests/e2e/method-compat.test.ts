// The method in the real CLIs, offline against the fake model API: Claude Code loads the plugin per run
// (skills and reviewer agents listed, a Skill call answered with the skill's body, nothing of ours under
// ~/.claude); Codex, which loads no plugin per run, gets the phase's skills in its prompt.
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readMethodPlugin } from "../../packages/core/src/method/method-plugin.ts";
import type { Phase } from "../../packages/core/src/phases/phase-names.ts";
import { ASSETS } from "../../packages/core/src/prompt/assets.ts";
import { buildPrompt } from "../../packages/core/src/prompt/build-prompt.ts";
import type {
  ProviderRunRequest,
  ProviderRunResult,
} from "../../packages/core/src/provider/provider-types.ts";
import { runProvider } from "../../packages/core/src/provider/run-provider.ts";
import {
  CLAUDE_TEST_MODEL,
  CODEX_TEST_MODEL,
  claudeEnv,
  codexEnv,
  REAL_CLAUDE,
  REAL_CODEX,
} from "../fake-model-api/cli-env.ts";
import { type FakeModelApi, startFakeModelApi } from "../fake-model-api/fake-model-api.ts";
import { jsonLines } from "../fake-model-api/run-cli.ts";
import type { FakeScript } from "../fake-model-api/script.ts";
import { makeGitRepo } from "../helpers/git-repo.ts";
import { makeTempDir } from "../helpers/temp-dir.ts";

const SIGNAL = { status: "continue", summary: "reviewed" };
let api: FakeModelApi | undefined;

afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function shippedPlugin() {
  const read = await readMethodPlugin(ASSETS.pluginDir);
  if (!read.ok) throw new Error(read.errors.join("\n"));
  return read.plugin;
}

type Cli = "claude" | "codex";

/** One attempt of a session's iteration in `phase`, built as the loop builds it, run by the real CLI. */
async function sessionRun(cli: Cli, phase: Phase, script: (sessionDir: string) => FakeScript) {
  // No "samocode" in any temp path, so a path under ~/.claude naming it can only be ours.
  const [worktree, sessionDir, home] = await Promise.all([
    makeGitRepo("mc-wt-"),
    makeTempDir("mc-session-"),
    makeTempDir("mc-home-"),
  ]);
  api = await startFakeModelApi(script(sessionDir));
  const env = cli === "claude" ? await claudeEnv(api, home) : await codexEnv(api, home);
  const built = await buildPrompt({
    session: "26-11-21-compat",
    sessionDir,
    worktree,
    branch: "samocode/compat",
    mainRepo: worktree,
    role: "solo",
    phase,
    iteration: 1,
    attempt: 1,
    inbox: [],
    notes: [],
  });
  if (!built.ok) throw new Error(built.errors.join("\n"));
  const request: ProviderRunRequest = {
    provider: cli,
    executable: cli === "claude" ? REAL_CLAUDE : REAL_CODEX,
    model: cli === "claude" ? CLAUDE_TEST_MODEL : CODEX_TEST_MODEL,
    prompt: built.built.prompt,
    systemPrompt: built.built.systemPrompt,
    agent: built.built.agentName,
    agents: built.built.agents,
    method: built.built.method,
    cwd: worktree,
    sessionDir,
    sessionName: "26-11-21-compat",
    timeoutMs: 45_000,
    killGraceMs: 2_000,
    logFile: join(sessionDir, "_logs", `iter-0001-${phase}-a1.jsonl`),
    env,
  };
  if (cli === "claude") request.maxTurns = 8;
  const result = await runProvider(request);
  return { result, home, sessionDir, api };
}

async function firstLine(result: ProviderRunResult): Promise<Record<string, unknown>> {
  const events = jsonLines(await readFile(result.logFile, "utf8"));
  return events[0] ?? {};
}

/** A line of text as it appears inside a JSON-encoded request body. */
function inJson(line: string | undefined): string {
  return JSON.stringify(line ?? "missing").slice(1, -1);
}

/** Every file and folder under `dir`, relative to it. */
async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.map((entry) => relative(dir, join(entry.parentPath, entry.name)));
}

describe("the method plugin in real claude (--plugin-dir)", () => {
  it("lists every skill and reviewer agent, answers a Skill call with the skill's body, and writes nothing of ours under ~/.claude", async () => {
    const plugin = await shippedPlugin();
    const { result, home, sessionDir } = await sessionRun("claude", "quality", (dir) => ({
      turns: [
        { text: "Reviewing.", tool: { name: "Skill", input: { skill: "samocode:multi-review" } } },
        { writeFile: { path: join(dir, "_signal.json"), content: JSON.stringify(SIGNAL) } },
      ],
      finalText: "Done.",
    }));
    expect(result).toMatchObject({ kind: "exited", exitCode: 0, isError: false });
    expect(JSON.parse(await readFile(join(sessionDir, "_signal.json"), "utf8"))).toEqual(SIGNAL);

    const init = await firstLine(result);
    expect(init).toMatchObject({ type: "system", subtype: "init" });
    expect(init.skills).toEqual(expect.arrayContaining(plugin.skills.map((s) => `samocode:${s.name}`)));
    expect(init.agents).toEqual(expect.arrayContaining(plugin.agents.map((a) => `samocode:${a.name}`)));
    expect(init.slash_commands).toEqual(
      expect.arrayContaining(["samocode:external-review", "samocode:dive"]),
    );
    expect(init.plugins).toContainEqual(
      expect.objectContaining({ name: "samocode", path: ASSETS.pluginDir }),
    );

    // The Skill tool answers "Launching skill"; the body reaches the model with the next request.
    expect(await readFile(result.logFile, "utf8")).toContain("Launching skill: samocode:multi-review");
    const body = plugin.skills.find((s) => s.name === "multi-review")?.body ?? "missing";
    const [first, second] = (api?.mainRequests() ?? []).map((request) => JSON.stringify(request.body));
    expect(first).not.toContain(inJson(body.split("\n")[0]));
    expect(second).toContain(inJson(body.split("\n")[0]));
    expect(second).toContain(inJson(body.split("\n").at(-1)));

    // Claude Code keeps its own bookkeeping under ~/.claude (transcripts, .claude.json); none of it is a
    // copy of a plugin file or a path named after samocode, its skills or its agents.
    const claudeDir = join(home, ".claude");
    const names = new Set([...plugin.skills, ...plugin.agents].map((f) => f.name));
    const ours = (path: string) =>
      path.split("/").some((part) => part.includes("samocode") || names.has(part.replace(/\.md$/, "")));
    expect((await listTree(claudeDir)).filter(ours)).toEqual([]);
    const pluginTexts = new Set([...plugin.skills, ...plugin.agents].map((f) => f.text));
    for (const path of await listTree(claudeDir)) {
      const text = await readFile(join(claudeDir, path), "utf8").catch(() => "");
      expect(pluginTexts.has(text), path).toBe(false);
    }
  });
});

describe("the method in real codex (in the prompt)", () => {
  it("gets the phase's skills in full and every other one by path, reads one with its shell, and installs nothing", async () => {
    const plugin = await shippedPlugin();
    const dive = plugin.skills.find((s) => s.name === "dive");
    const { result, home } = await sessionRun("codex", "quality", () => ({
      turns: [{ tool: { name: "exec_command", input: { cmd: `cat '${dive?.file}'` } } }],
      finalText: "Read the dive skill.",
    }));
    expect(result).toMatchObject({ kind: "exited", exitCode: 0, isError: false });
    const requests = api?.mainRequests() ?? [];
    const first = JSON.stringify(requests[0]?.body);
    const multiReview = plugin.skills.find((s) => s.name === "multi-review")?.body ?? "missing";
    expect(first).toContain("## Skill samocode:multi-review");
    expect(first).toContain(inJson(multiReview.split("\n")[2]));
    expect(first).toContain(`(file: ${dive?.file})`);
    expect(first).toContain("samocode:system-architect");
    // The path in the prompt is one codex can open: the command's output carries the skill's body.
    const diveLine = inJson(dive?.body.split("\n")[0]);
    expect(first).not.toContain(diveLine);
    expect(JSON.stringify(requests[1]?.body)).toContain(diveLine);
    // Nothing of the method lands in codex's skill roots.
    const codexSkills = await listTree(join(home, ".codex", "skills")).catch(() => []);
    expect(codexSkills.filter((path) => !path.startsWith(".system"))).toEqual([]);
    expect(await listTree(home)).not.toContain(".agents");
  });
});
