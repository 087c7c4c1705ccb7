// The method plugin on disk (plugin/): its manifest, skills and reviewer agents, read and checked once per
// folder. Claude Code loads the folder itself; everything else samocode does with the method reads it here.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { splitFrontMatter } from "../prompt/front-matter.ts";
import { formatIssues } from "../zod-issues.ts";

const NAME = z.string().regex(/^[a-z0-9-]{1,64}$/, "1–64 lowercase letters, digits and dashes");
// Codex refuses a skill whose description is longer (codex-rs/core/src/skills/loader.rs MAX_DESCRIPTION_LEN).
const DESCRIPTION = z.string().min(1).max(1024);

export const PluginManifestSchema = z.looseObject({ name: NAME, version: z.string().min(1) });

export const MethodSkillFrontMatterSchema = z.looseObject({ name: NAME, description: DESCRIPTION });

/** Claude Code's sub-agent front matter: `tools` is one comma-separated string. */
export const MethodAgentFrontMatterSchema = z.looseObject({
  name: NAME,
  description: DESCRIPTION,
  tools: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
});

/** One skill (`skills/<name>/SKILL.md`) or reviewer agent (`agents/<name>.md`) of the plugin. */
export type MethodFile = {
  name: string;
  description: string;
  /** Absolute path of the file. */
  file: string;
  /** The whole file as written, front matter included (what `samocode install` copies). */
  text: string;
  /** The instructions after the front matter. */
  body: string;
};

export type MethodPlugin = {
  dir: string;
  /** The plugin's name: Claude Code lists its skills and agents as `<name>:<skill>`. */
  name: string;
  skills: MethodFile[];
  agents: MethodFile[];
  /** File names under commands/, without `.md`. */
  commands: string[];
};

export type MethodPluginResult = { ok: true; plugin: MethodPlugin } | { ok: false; errors: string[] };

const cache = new Map<string, Promise<MethodPluginResult>>();

/**
 * Read once per folder and process: reading and parsing it costs the loop 5–15 ms an iteration, and the
 * plugin ships with samocode (edits reach a running worker when it restarts). A broken plugin is not
 * cached, so fixing it needs no restart.
 */
export function loadMethodPlugin(dir: string): Promise<MethodPluginResult> {
  let loading = cache.get(dir);
  if (loading === undefined) {
    loading = readMethodPlugin(dir).then((result) => {
      if (!result.ok) cache.delete(dir);
      return result;
    });
    cache.set(dir, loading);
  }
  return loading;
}

/** Every problem is reported (one line each, naming the file) instead of stopping at the first. */
export async function readMethodPlugin(dir: string): Promise<MethodPluginResult> {
  const errors: string[] = [];
  const manifestFile = join(dir, ".claude-plugin", "plugin.json");
  const manifest = await readManifest(manifestFile, errors);
  const skillDirs = await listNames(join(dir, "skills"), errors, (entry) => entry.isDirectory());
  const skills = await readAll(
    skillDirs.map((name) => ({ file: join(dir, "skills", name, "SKILL.md"), expected: name })),
    MethodSkillFrontMatterSchema,
    errors,
  );
  const agentFiles = await listNames(join(dir, "agents"), errors, (entry) => entry.name.endsWith(".md"));
  const agents = await readAll(
    agentFiles.map((name) => ({ file: join(dir, "agents", name), expected: name.replace(/\.md$/, "") })),
    MethodAgentFrontMatterSchema,
    errors,
  );
  const commandFiles = await listNames(join(dir, "commands"), [], (entry) => entry.name.endsWith(".md"));
  if (manifest === undefined || errors.length > 0) return { ok: false, errors };
  const commands = commandFiles.map((name) => name.replace(/\.md$/, ""));
  return { ok: true, plugin: { dir, name: manifest.name, skills, agents, commands } };
}

async function readManifest(file: string, errors: string[]) {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, "utf8"));
  } catch (error) {
    errors.push(`${file}: cannot be read as JSON (${(error as Error).message})`);
    return undefined;
  }
  const parsed = PluginManifestSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  errors.push(...formatIssues(parsed.error).map((line) => `${file}: ${line}`));
  return undefined;
}

type Entry = { name: string; isDirectory(): boolean };

/** Sorted, so every listing of the method (prompt, install, docs) has one order. */
async function listNames(dir: string, errors: string[], keep: (entry: Entry) => boolean) {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter(keep)
      .map((entry) => entry.name)
      .sort();
  } catch (error) {
    errors.push(`${dir}: cannot be listed (${(error as NodeJS.ErrnoException).code})`);
    return [];
  }
}

async function readAll(
  files: readonly { file: string; expected: string }[],
  schema: typeof MethodSkillFrontMatterSchema | typeof MethodAgentFrontMatterSchema,
  errors: string[],
): Promise<MethodFile[]> {
  const read = await Promise.all(files.map(({ file, expected }) => readOne(file, expected, schema)));
  return read.flatMap((result) => {
    if ("errors" in result) {
      errors.push(...result.errors);
      return [];
    }
    return [result];
  });
}

/** Claude Code names a skill after its folder and an agent after its front matter: the two must agree. */
async function readOne(
  file: string,
  expected: string,
  schema: typeof MethodSkillFrontMatterSchema | typeof MethodAgentFrontMatterSchema,
): Promise<MethodFile | { errors: string[] }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    return { errors: [`${file}: cannot be read (${(error as NodeJS.ErrnoException).code})`] };
  }
  const split = splitFrontMatter(text);
  if (!split.ok) return { errors: [`${file}: ${split.error}`] };
  const parsed = schema.safeParse(split.data);
  if (!parsed.success) return { errors: formatIssues(parsed.error).map((line) => `${file}: ${line}`) };
  const { name, description } = parsed.data;
  if (name !== expected)
    return { errors: [`${file}: name "${name}" differs from its file name "${expected}"`] };
  return { name, description, file, text, body: split.body };
}
