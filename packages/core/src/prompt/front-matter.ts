// Splits a markdown file into its YAML front matter and its body, the shape of agent, skill and command files.
import { parse as parseYaml } from "yaml";

export type FrontMatterResult = { ok: true; data: unknown; body: string } | { ok: false; error: string };

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/;

/** `error` says what is wrong without the file's name; callers prefix it. */
export function splitFrontMatter(text: string): FrontMatterResult {
  const match = FRONT_MATTER.exec(text);
  if (!match) return { ok: false, error: "no YAML front matter between --- lines" };
  try {
    return { ok: true, data: parseYaml(match[1] ?? ""), body: (match[2] ?? "").trim() };
  } catch (error) {
    return { ok: false, error: `front matter is not valid YAML (${(error as Error).message})` };
  }
}
