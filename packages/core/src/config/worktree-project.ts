// The project of a command run inside a session's worktree. The worktree sits under WORKTREES, outside the
// repo's tree (init's default: ../<repo>-samocode/worktrees), so the walk up from it finds no .samocode;
// git knows the main checkout it belongs to, and that checkout finds the project. Issue 14: `samocode
// status` in a worktree said "run samocode init in your repo's root", which would have made a second one.
import { realpath } from "node:fs/promises";
import { isAbsolute, relative } from "node:path";
import { mainCheckoutOf } from "../git/repo-info.ts";
import { onlyFor } from "../io/fs-errors.ts";
import { findProjectFile } from "./find-project-file.ts";
import { readProjectFile } from "./project-file.ts";

/** The `.samocode` whose WORKTREES holds `cwd`, found from the main checkout of the worktree `cwd` is in. */
export async function projectOfWorktree(cwd: string, home: string): Promise<string | undefined> {
  const main = await mainCheckoutOf(cwd);
  if (main === undefined) return undefined;
  const found = await findProjectFile({ cwd: main, env: {} });
  if (!found.ok) return undefined;
  const project = await readProjectFile(found.path, home);
  if (!project.ok) return undefined;
  const [root, here] = await Promise.all([real(project.paths.worktrees), real(cwd)]);
  const rel = relative(root, here);
  return rel !== "" && !rel.startsWith("..") && !isAbsolute(rel) ? found.path : undefined;
}

async function real(path: string): Promise<string> {
  // A folder not made yet (WORKTREES before the first session) or unreadable is compared as written.
  return realpath(path).catch(
    onlyFor(["ENOENT", "ENOTDIR", "ELOOP", "EACCES"], path, `cannot resolve ${path}`),
  );
}
