import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { PHASES } from "../phases/phase-names.ts";
import { readAgentFile } from "../prompt/agent-files.ts";
import { ASSETS } from "../prompt/assets.ts";
import { ROLES } from "../prompt/build-prompt.ts";
import { type MethodPlugin, readMethodPlugin } from "./method-plugin.ts";
import { renderMethodPrompt } from "./method-prompt.ts";

/** The steps issue 15 names; the plugin may have more, never fewer. */
const REQUIRED_SKILLS = [
  "dive",
  "task",
  "create-plan",
  "do",
  "do2",
  "dop",
  "dop2",
  "test",
  "cleanup",
  "multi-review",
  "summary",
  "session-start",
  "session-continue",
  "session-sync",
  "session-archive",
];
const REVIEWERS = ["future-maintainer", "system-architect", "product-advocate"];

async function shippedPlugin(): Promise<MethodPlugin> {
  const result = await readMethodPlugin(ASSETS.pluginDir);
  if (!result.ok) throw new Error(result.errors.join("\n"));
  return result.plugin;
}

describe("the method plugin shipped in plugin/", () => {
  it("parses: every skill and reviewer agent has front matter with a name and a description", async () => {
    const plugin = await shippedPlugin();
    expect(plugin.name).toBe("samocode");
    expect(plugin.skills.map((s) => s.name)).toEqual(expect.arrayContaining(REQUIRED_SKILLS));
    expect(plugin.agents.map((a) => a.name).sort()).toEqual([...REVIEWERS].sort());
    for (const file of [...plugin.skills, ...plugin.agents]) {
      expect(file.description.length, file.file).toBeGreaterThan(40);
      expect(file.body.length, file.file).toBeGreaterThan(500);
    }
  });

  it("has every skill that a phase or role agent names, in its front matter or as samocode:<name>", async () => {
    const plugin = await shippedPlugin();
    const known = new Set([...plugin.skills, ...plugin.agents].map((f) => `samocode:${f.name}`));
    const keys = [...PHASES, ...ROLES.filter((r) => r !== "solo"), "external-reviewer"];
    const named: string[] = [];
    for (const key of keys) {
      const read = await readAgentFile(ASSETS.agentsDir, key);
      if (!read.ok) throw new Error(read.errors.join("\n"));
      named.push(...(read.agent.skills ?? []).map((name) => `samocode:${name}`));
      named.push(...mentions(read.agent.instructions));
    }
    for (const file of plugin.skills) named.push(...mentions(file.body));
    named.push(...mentions(await readFile(ASSETS.workflow, "utf8")));
    expect(named.length).toBeGreaterThan(10);
    expect(named.filter((name) => !known.has(name))).toEqual([]);
  });

  it("gives every phase agent at least one skill", async () => {
    for (const phase of PHASES) {
      const read = await readAgentFile(ASSETS.agentsDir, phase);
      expect(read.ok && (read.agent.skills ?? []).length > 0, phase).toBe(true);
    }
  });

  it("ships only skills and agents claude can load: every skills/ entry is a folder with a SKILL.md", async () => {
    const entries = await readdir(join(ASSETS.pluginDir, "skills"), { withFileTypes: true });
    for (const entry of entries) {
      expect(entry.isDirectory(), entry.name).toBe(true);
      expect(await readdir(join(ASSETS.pluginDir, "skills", entry.name))).toContain("SKILL.md");
    }
  });
});

describe("readMethodPlugin", () => {
  it("reports every broken file, one line each, naming it", async () => {
    const dir = await makeTempDir("samo-plugin-");
    await mkdir(join(dir, ".claude-plugin"));
    await writeFile(join(dir, ".claude-plugin", "plugin.json"), JSON.stringify({ name: "x", version: "1" }));
    await mkdir(join(dir, "skills", "good"), { recursive: true });
    await writeFile(
      join(dir, "skills", "good", "SKILL.md"),
      "---\nname: good\ndescription: fine\n---\nBody\n",
    );
    await mkdir(join(dir, "skills", "renamed"));
    await writeFile(join(dir, "skills", "renamed", "SKILL.md"), "---\nname: other\ndescription: d\n---\n");
    await mkdir(join(dir, "skills", "bare"));
    await writeFile(join(dir, "skills", "bare", "SKILL.md"), "no front matter\n");
    await mkdir(join(dir, "agents"));
    await writeFile(join(dir, "agents", "r.md"), `---\nname: r\ndescription: ${"x".repeat(1025)}\n---\n`);
    const result = await readMethodPlugin(dir);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      expect.stringMatching(/skills\/bare\/SKILL\.md: no YAML front matter/),
      expect.stringMatching(/skills\/renamed\/SKILL\.md: name "other" differs from its file name "renamed"/),
      expect.stringMatching(/agents\/r\.md: description: .*1024/),
    ]);
  });
});

describe("renderMethodPrompt", () => {
  it("carries the phase's skills in full and every other skill and reviewer by file", async () => {
    const plugin = await shippedPlugin();
    const result = renderMethodPrompt(plugin, ["cleanup", "multi-review"]);
    if (!result.ok) throw new Error(result.errors.join("\n"));
    const multiReview = plugin.skills.find((s) => s.name === "multi-review");
    expect(result.text).toContain(`## Skill samocode:multi-review\n\n${multiReview?.body}`);
    expect(result.text.indexOf("samocode:cleanup")).toBeLessThan(
      result.text.indexOf("samocode:multi-review"),
    );
    expect(result.text).toContain(`(file: ${join(ASSETS.pluginDir, "skills", "dive", "SKILL.md")})`);
    expect(result.text).toContain(`reviewer agent samocode:system-architect: `);
    expect(result.text).not.toContain("## Skill samocode:dive");
  });

  it("refuses a skill the plugin does not have", async () => {
    const result = renderMethodPrompt(await shippedPlugin(), ["dive", "telepathy"]);
    expect(result).toEqual({ ok: false, errors: [expect.stringMatching(/no skill "telepathy"/)] });
  });
});

/** `samocode:<name>` references in a text. */
function mentions(text: string): string[] {
  return [...text.matchAll(/samocode:([a-z0-9-]+)/g)].map((match) => `samocode:${match[1]}`);
}
