import { copyFile, mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { PHASES } from "../phases/phase-names.ts";
import { readAgentFile } from "./agent-files.ts";
import { ASSETS } from "./assets.ts";
import { buildPrompt, type PromptInput, ROLES } from "./build-prompt.ts";

const base: PromptInput = {
  session: "26-11-21-auth",
  sessionDir: "/s/26-11-21-auth",
  worktree: "/w/26-11-21-auth",
  branch: "samocode/auth",
  mainRepo: "/repo",
  role: "solo",
  phase: "investigation",
  iteration: 3,
  attempt: 2,
  inbox: [],
  notes: [],
  now: new Date(2026, 10, 21, 9, 5),
};

describe("agent files", () => {
  it.each([...PHASES, ...ROLES.filter((r) => r !== "solo")])(
    "agents/%s.md has valid front matter",
    async (key) => {
      const result = await readAgentFile(ASSETS.agentsDir, key);
      expect(result.ok ? [] : result.errors).toEqual([]);
      if (result.ok) expect(result.agent.instructions.length).toBeGreaterThan(100);
    },
  );
});

describe("buildPrompt", () => {
  it.each(PHASES)("fills every placeholder for phase %s in every role", async (phase) => {
    for (const role of ROLES) {
      const result = await buildPrompt({
        ...base,
        phase,
        role,
        parent: role === "worker" ? "26-11-21-lead" : undefined,
      });
      if (!result.ok) throw new Error(result.errors.join("\n"));
      const all = [
        result.built.systemPrompt,
        result.built.prompt,
        ...Object.values(result.built.agents).map((a) => a.prompt),
      ];
      for (const text of all) expect(text).not.toMatch(/\{\{/);
      expect(Object.keys(result.built.agents)).toEqual([result.built.agentName]);
    }
  });

  it("puts paths, the schema and the session context into the system prompt", async () => {
    const result = await buildPrompt(base);
    if (!result.ok) throw new Error(result.errors.join("\n"));
    const { systemPrompt } = result.built;
    expect(systemPrompt).toContain("/s/26-11-21-auth/_hook.json");
    expect(systemPrompt).toContain(ASSETS.signalSchema);
    expect(systemPrompt).toContain("11-21-0905-plan-auth.md");
    expect(systemPrompt).toMatch(/Phase: investigation\n- Iteration: 3 \(attempt 2\)/);
  });

  it("layers the role over the phase agent", async () => {
    const result = await buildPrompt({ ...base, phase: "implementation", role: "coordinator" });
    if (!result.ok) throw new Error(result.errors.join("\n"));
    expect(result.built.agentName).toBe("samocode-implementation-coordinator");
    const agent = result.built.agents[result.built.agentName];
    expect(agent?.prompt).toContain("# Phase: implementation");
    expect(agent?.prompt).toContain("samocode spawn --parent 26-11-21-auth");
  });

  it("carries notes, handoff state and inbox messages in the iteration prompt", async () => {
    const result = await buildPrompt({
      ...base,
      notes: ["The last attempt wrote no _signal.json."],
      handoff: { reason: "context_full", state: { step: 4 } },
      inbox: [{ id: "m1", from: "human", body: "Use JWT, not sessions.", sentAt: "2026-11-21T09:00:00Z" }],
    });
    if (!result.ok) throw new Error(result.errors.join("\n"));
    const { prompt } = result.built;
    expect(prompt).toContain("- The last attempt wrote no _signal.json.");
    expect(prompt).toContain('"step": 4');
    expect(prompt).toMatch(/## Inbox\n### From human .* \(id m1\)\nUse JWT, not sessions\./);
  });

  it("hands each phase its method: the plugin folder, and its skills' text for CLIs without a plugin loader", async () => {
    const result = await buildPrompt({ ...base, phase: "quality" });
    if (!result.ok) throw new Error(result.errors.join("\n"));
    const { method, agents, agentName } = result.built;
    expect(method.pluginDir).toBe(ASSETS.pluginDir);
    expect(method.promptText).toContain("## Skill samocode:cleanup");
    expect(method.promptText).toContain("## Skill samocode:multi-review");
    expect(method.promptText).not.toContain("## Skill samocode:dive");
    expect(agents[agentName]?.prompt).toContain("samocode:multi-review");
    expect(Object.keys(agents[agentName] ?? {})).not.toContain("skills"); // not a --agents field
  });

  it("refuses a phase agent that names a skill the plugin does not have", async () => {
    const dir = await makeTempDir();
    await mkdir(join(dir, "agents"));
    await copyFile(ASSETS.workflow, join(dir, "workflow.md"));
    await writeFile(
      join(dir, "agents", "investigation.md"),
      "---\nname: samocode-investigation\ndescription: d\nskills: [dive, telepathy]\n---\nUse the dive.\n",
    );
    const result = await buildPrompt(base, {
      ...ASSETS,
      workflow: join(dir, "workflow.md"),
      agentsDir: join(dir, "agents"),
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        expect.stringMatching(/investigation\.md: names the skill "telepathy", which .*skills does not have/),
      ],
    });
  });

  it("reports a broken agent file as errors instead of throwing", async () => {
    const dir = await makeTempDir();
    await mkdir(join(dir, "agents"));
    await copyFile(ASSETS.workflow, join(dir, "workflow.md"));
    await writeFile(join(dir, "agents", "investigation.md"), "---\nname: Bad Name\n---\nbody\n");
    const result = await buildPrompt(base, {
      ...ASSETS,
      workflow: join(dir, "workflow.md"),
      agentsDir: join(dir, "agents"),
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.join("\n")).toMatch(/investigation\.md: name: .*lowercase/);
    expect(result.errors.join("\n")).toMatch(/description/);
  });
});
