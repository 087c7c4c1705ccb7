// The PATH an agent CLI gets: the user's own, without the toolchain samocode put first for itself.
// Issue 14: in a user's repo the agent's `node` and `pnpm` were samocode's pinned ones, not the user's
// (nvm, volta, the system's), because ./samocode puts tools/toolchain first and pnpm scripts add
// node_modules/.bin folders.
import { delimiter, relative, resolve, sep } from "node:path";
import { ASSETS } from "../prompt/assets.ts";

/**
 * `path` without the entries samocode's launchers add: anything under `<checkout>/tools/` (the pinned
 * Node, pnpm and pnpm's node-gyp-bin) and any `node_modules` folder inside the checkout. Everything else
 * stays, in order, including the checkout's own folder (where a user may have put `./samocode`).
 */
export function withoutToolchain(path: string | undefined, root: string = ASSETS.root): string {
  if (path === undefined) return "";
  return path
    .split(delimiter)
    .filter((entry) => entry === "" || !isToolchainEntry(resolve(entry), resolve(root)))
    .join(delimiter);
}

function isToolchainEntry(entry: string, root: string): boolean {
  const rel = relative(root, entry);
  if (rel === "" || rel.startsWith("..") || resolve(root, rel) !== entry) return false;
  const parts = rel.split(sep);
  return parts[0] === "tools" || parts.includes("node_modules");
}
