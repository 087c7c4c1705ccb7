// The artifact an external review leaves in the session folder: `<MM-DD-HHMM>-quality-review-external-<cli>.md`,
// what was reviewed and what it cost, then the reviewer's findings as it wrote them.
import { join } from "node:path";
import { createFileExclusively } from "../atomic-write.ts";
import type { ProviderRunResult } from "../provider/provider-types.ts";
import { artifactName } from "../session/session-paths.ts";
import type { ReviewBrief } from "./review-brief.ts";

export type ReviewArtifactInput = { brief: ReviewBrief; run: ProviderRunResult; text: string; at: Date };

/** Returns the file name. Two reviews in one minute get `-2`, `-3`…: an earlier review is never replaced. */
export async function writeReviewArtifact(sessionDir: string, input: ReviewArtifactInput): Promise<string> {
  const base = artifactName("quality-review", `external-${input.brief.reviewer}`, input.at).replace(
    /\.md$/,
    "",
  );
  const content = renderReviewArtifact(input);
  for (let n = 1; ; n += 1) {
    const name = n === 1 ? `${base}.md` : `${base}-${n}.md`;
    if (await createFileExclusively(join(sessionDir, name), content)) return name;
  }
}

export function renderReviewArtifact({ brief, run, text }: ReviewArtifactInput): string {
  const { tokens } = run;
  const cost = run.costUsd === undefined ? "no cost reported" : `$${run.costUsd.toFixed(4)}`;
  const lines = [
    `# External review by ${brief.reviewer}`,
    "",
    `- Session: ${brief.session}, branch \`${brief.branch}\``,
    `- Reviewed: \`${brief.base}\` (${brief.baseCommit.slice(0, 12)}) ... ${brief.head.slice(0, 12)}`,
    `- Reviewer: ${brief.reviewer}, ${Math.round(run.durationMs / 1000)} s, ${cost}, ` +
      `tokens ${tokens.input} in / ${tokens.output} out / ${tokens.cacheRead} cache read`,
    `- Raw stream: \`${run.logFile}\``,
    "",
    text,
    "",
  ];
  return lines.join("\n");
}
