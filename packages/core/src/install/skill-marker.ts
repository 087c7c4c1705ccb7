// The line that marks a skill file as samocode's: who wrote it, a hash of the rest, the folders it created.
import { createHash } from "node:crypto";

const MARKER = /^<!-- managed by samocode install[^\n]* sha256=([0-9a-f]{64}) dirs=(\d+) -->$/m;

/** foreign: not ours, never touched; edited: ours but changed by someone since, kept; owned: ours as written. */
export type Ownership =
  | { kind: "foreign" }
  | { kind: "edited"; dirs: number }
  | { kind: "owned"; dirs: number; content: string };

/**
 * The content with the marker after its YAML front matter (which both CLIs require at the very top).
 * `dirs`: how many folders, from the file's own upwards, install created and uninstall may remove if empty.
 */
export function withMarker(content: string, dirs: number): string {
  const marker = `<!-- managed by samocode install (samocode uninstall removes it) sha256=${sha256(content)} dirs=${dirs} -->`;
  const end = frontMatterEnd(content);
  return `${content.slice(0, end)}${marker}\n${content.slice(end)}`;
}

export function readOwnership(text: string): Ownership {
  const match = MARKER.exec(text);
  if (match === null) return { kind: "foreign" };
  const [line, hash = "", dirs = "0"] = match;
  const content = text.slice(0, match.index) + text.slice(match.index + line.length + 1);
  if (sha256(content) !== hash) return { kind: "edited", dirs: Number(dirs) };
  return { kind: "owned", dirs: Number(dirs), content };
}

function frontMatterEnd(content: string): number {
  if (!content.startsWith("---\n")) return 0;
  const close = content.indexOf("\n---\n", 3);
  return close === -1 ? 0 : close + "\n---\n".length;
}

function sha256(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}
