// `_overview.md`, the agent's notebook: the worker creates it, then only rewrites the `Phase:` line and
// appends Flow Log lines, leaving every other byte the agent wrote where it was.
import { writeFileAtomically } from "../atomic-write.ts";
import type { Phase } from "../phases/phase-names.ts";
import { readTextOrNull } from "./json-file.ts";
import { serializeWrites } from "./serial-writes.ts";
import { sessionPaths } from "./session-paths.ts";

export type OverviewSeed = {
  title: string;
  task: string;
  dive: string | null;
  phase: Phase;
  workingDir: string | null;
  now?: Date;
};

export type OverviewUpdateResult = { ok: true } | { ok: false; reason: "missing"; message: string };

const HEADING = /^#{1,2}\s/;
const PHASE_LINE = /^Phase:.*$/;

export function renderOverview(seed: OverviewSeed): string {
  const now = seed.now ?? new Date();
  const lines = [
    `# Session: ${oneLine(seed.title)}`,
    `Started: ${now.getFullYear()}-${stamp(now)}`,
    `Working Dir: ${seed.workingDir ?? "TBD"}`,
    "",
    "## Task",
    escapeHeadings(seed.task.trim()),
    "",
  ];
  if (seed.dive !== null) lines.push("## Dive Topic", escapeHeadings(seed.dive.trim()), "");
  lines.push(
    "## Status",
    `Phase: ${seed.phase}`,
    "Last Action: Session created",
    "Next: Investigate the task",
    "",
    "## Flow Log",
    flowLogLine("Session created", now),
    "",
    "## Files",
    "(none yet)",
    "",
  );
  return lines.join("\n");
}

export async function createOverview(sessionDir: string, seed: OverviewSeed): Promise<void> {
  await writeFileAtomically(sessionPaths(sessionDir).overview, renderOverview(seed));
}

/** Rewrites the first `Phase:` line of the Status section (else of the file); adds one if there is none. */
export async function setOverviewPhase(sessionDir: string, phase: Phase): Promise<OverviewUpdateResult> {
  return editOverview(sessionDir, (lines) => {
    const status = sectionRange(lines, "status");
    const inStatus = status === null ? -1 : findIndexIn(lines, status, (line) => PHASE_LINE.test(line));
    const index = inStatus >= 0 ? inStatus : lines.findIndex((line) => PHASE_LINE.test(line));
    if (index >= 0) lines[index] = `Phase: ${phase}`;
    else if (status !== null) lines.splice(status.start + 1, 0, `Phase: ${phase}`);
    else lines.push("", "## Status", `Phase: ${phase}`);
  });
}

/** Adds `- <MM-DD HH:MM> <text>` after the last line of the Flow Log section, wherever that section is. */
export async function appendFlowLog(
  sessionDir: string,
  text: string,
  now = new Date(),
): Promise<OverviewUpdateResult> {
  return editOverview(sessionDir, (lines) => {
    const entry = flowLogLine(text, now);
    const section = sectionRange(lines, "flow log");
    if (section === null) {
      lines.push("", "## Flow Log", entry);
      return;
    }
    let last = section.end - 1;
    while (last > section.start && (lines[last] ?? "").trim() === "") last--;
    lines.splice(last + 1, 0, entry);
  });
}

/** The last `count` entries of the Flow Log section, oldest first; [] without an overview or a Flow Log. */
export async function readFlowLog(sessionDir: string, count: number): Promise<string[]> {
  const text = await readTextOrNull(sessionPaths(sessionDir).overview);
  if (text === null) return [];
  const lines = text.split(/\r?\n/);
  const section = sectionRange(lines, "flow log");
  if (section === null) return [];
  const entries = lines.slice(section.start + 1, section.end).filter((line) => line.trim() !== "");
  return entries.slice(-count);
}

export function flowLogLine(text: string, now: Date): string {
  return `- ${stamp(now)} ${oneLine(text)}`;
}

async function editOverview(
  sessionDir: string,
  edit: (lines: string[]) => void,
): Promise<OverviewUpdateResult> {
  const path = sessionPaths(sessionDir).overview;
  return serializeWrites(path, async () => {
    const text = await readTextOrNull(path);
    if (text === null) return { ok: false, reason: "missing", message: `${path} does not exist` };
    const eol = text.includes("\r\n") ? "\r\n" : "\n";
    const endsWithEol = text.endsWith(eol) || text === "";
    const lines = (endsWithEol ? text.slice(0, text.length - eol.length) : text).split(eol);
    edit(lines);
    await writeFileAtomically(path, lines.join(eol) + (endsWithEol ? eol : ""));
    return { ok: true };
  });
}

/** Lines of a `## <name>` section: from its heading to the next `#`/`##` heading (### stays inside). */
function sectionRange(lines: string[], name: string): { start: number; end: number } | null {
  const start = lines.findIndex((line) => /^##\s/.test(line) && line.slice(2).trim().toLowerCase() === name);
  if (start < 0) return null;
  let end = start + 1;
  while (end < lines.length && !HEADING.test(lines[end] ?? "")) end++;
  return { start, end };
}

function findIndexIn(
  lines: string[],
  range: { start: number; end: number },
  test: (line: string) => boolean,
): number {
  for (let index = range.start; index < range.end; index++) if (test(lines[index] ?? "")) return index;
  return -1;
}

function stamp(now: Date): string {
  const two = (value: number): string => String(value).padStart(2, "0");
  return `${two(now.getMonth() + 1)}-${two(now.getDate())} ${two(now.getHours())}:${two(now.getMinutes())}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

// Task text is the user's: a line like "## Flow Log" or "Phase: x" in it must not be mistaken for ours.
function escapeHeadings(text: string): string {
  return text
    .split("\n")
    .map((line) => (/^(#|Phase:)/.test(line) ? `\\${line}` : line))
    .join("\n");
}
