// Reads agents/<phase|role>.md: YAML front matter (name, description, tools, model, the method's skills it
// uses) plus instructions.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { formatIssues } from "../zod-issues.ts";
import { splitFrontMatter } from "./front-matter.ts";

export const AgentFrontMatterSchema = z.object({
  name: z.string().regex(/^[a-z0-9-]+$/, "lowercase letters, digits and dashes"),
  description: z.string().min(1),
  tools: z.array(z.string().min(1)).optional(),
  model: z.string().min(1).optional(),
  /** The method skills this agent's instructions call (plugin/skills/<name>); CLIs without a plugin get their text. */
  skills: z.array(z.string().regex(/^[a-z0-9-]+$/, "lowercase letters, digits and dashes")).optional(),
});
export type AgentFrontMatter = z.infer<typeof AgentFrontMatterSchema>;

export type AgentFile = AgentFrontMatter & { file: string; instructions: string };

export type AgentFileResult = { ok: true; agent: AgentFile } | { ok: false; file: string; errors: string[] };

export function parseAgentFile(file: string, text: string): AgentFileResult {
  const split = splitFrontMatter(text);
  if (!split.ok) return { ok: false, file, errors: [`${file}: ${split.error}`] };
  const parsed = AgentFrontMatterSchema.safeParse(split.data);
  if (!parsed.success) {
    return { ok: false, file, errors: formatIssues(parsed.error).map((line) => `${file}: ${line}`) };
  }
  return { ok: true, agent: { ...parsed.data, file, instructions: split.body } };
}

export async function readAgentFile(agentsDir: string, key: string): Promise<AgentFileResult> {
  const file = join(agentsDir, `${key}.md`);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    return {
      ok: false,
      file,
      errors: [`${file}: cannot be read (${(error as NodeJS.ErrnoException).code})`],
    };
  }
  return parseAgentFile(file, text);
}
