// Reads agents/<phase|role>.md: YAML front matter (name, description, tools, model) plus instructions.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse as parseYaml } from "yaml";
import { z } from "zod";
import { formatIssues } from "../zod-issues.ts";

export const AgentFrontMatterSchema = z.object({
  name: z.string().regex(/^[a-z0-9-]+$/, "lowercase letters, digits and dashes"),
  description: z.string().min(1),
  tools: z.array(z.string().min(1)).optional(),
  model: z.string().min(1).optional(),
});
export type AgentFrontMatter = z.infer<typeof AgentFrontMatterSchema>;

export type AgentFile = AgentFrontMatter & { file: string; instructions: string };

export type AgentFileResult = { ok: true; agent: AgentFile } | { ok: false; file: string; errors: string[] };

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

export function parseAgentFile(file: string, text: string): AgentFileResult {
  const match = FRONT_MATTER.exec(text);
  if (!match) return { ok: false, file, errors: [`${file}: no YAML front matter between --- lines`] };
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? "");
  } catch (error) {
    return {
      ok: false,
      file,
      errors: [`${file}: front matter is not valid YAML (${(error as Error).message})`],
    };
  }
  const parsed = AgentFrontMatterSchema.safeParse(data);
  if (!parsed.success) {
    return { ok: false, file, errors: formatIssues(parsed.error).map((line) => `${file}: ${line}`) };
  }
  return { ok: true, agent: { ...parsed.data, file, instructions: (match[2] ?? "").trim() } };
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
