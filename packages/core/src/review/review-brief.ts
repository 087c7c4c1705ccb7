// The brief an external reviewer gets: agents/external-reviewer.md with the session's facts filled in.

import { SamocodeError } from "../errors.ts";
import { readAgentFile } from "../prompt/agent-files.ts";
import { ASSETS } from "../prompt/assets.ts";
import { fillTemplate } from "../prompt/template.ts";

export const REVIEWER_AGENT = "external-reviewer";

/** What one review covers: `baseCommit...head` of `branch`, resolved before the reviewer starts. */
export type ReviewBrief = {
  reviewer: string;
  session: string;
  sessionDir: string;
  worktree: string;
  branch: string;
  base: string;
  baseCommit: string;
  head: string;
};

export async function renderReviewBrief(brief: ReviewBrief, agentsDir = ASSETS.agentsDir): Promise<string> {
  const read = await readAgentFile(agentsDir, REVIEWER_AGENT);
  if (!read.ok)
    throw new SamocodeError("internal", `the reviewer brief is broken: ${read.errors.join("; ")}`);
  return fillTemplate(read.agent.instructions, { ...brief }, read.agent.file);
}
