// Merges sessions' branches into one target, one at a time, for `samocode merge` and `convoy merge`: a
// session not done is skipped with a warning; the first conflict stops with its files listed and the
// target left exactly as it was before that merge.
import {
  checkBranch,
  currentBranch,
  mergeBranch,
  readHook,
  resolveSessionRef,
  SamocodeError,
  type SessionRef,
} from "@samocode/core";
import type { Convoy } from "@samocode/supervisor";
import type { CliContext } from "./cli-context.ts";

export interface MergeOptions {
  into?: string;
  squash?: true;
}

export async function mergeSessions(
  context: CliContext,
  sessions: SessionRef[],
  options: MergeOptions,
): Promise<void> {
  const config = await context.config();
  const mainRepo = config.paths.mainRepo;
  const into = options.into ?? (await currentBranch(mainRepo));
  if (into === undefined)
    throw new SamocodeError("usage", `${mainRepo} has no branch checked out; give --into <branch>`);
  // Before any merge, so a bad --into (`--into=--foo` is handed on to git) stops the run with nothing done.
  const target = await checkBranch(mainRepo, into);
  if (!target.ok)
    throw new SamocodeError("usage", `${options.into === undefined ? "" : "--into: "}${target.reason}`);
  for (const session of sessions) {
    const read = await readHook(session.dir);
    if (!read.ok) throw new SamocodeError("session", `${session.id}: ${read.message}`);
    const hook = read.hook;
    if (hook.state !== "done" || hook.branch === null) {
      context.warn(`${session.id} is ${hook.state}, not done: skipped`);
      continue;
    }
    const outcome = await mergeBranch({
      mainRepo,
      branch: hook.branch,
      into,
      squash: options.squash === true,
      message: `samocode: ${session.id} — ${hook.task.split("\n")[0]?.slice(0, 72) ?? ""}`,
    });
    switch (outcome.kind) {
      case "merged":
        context.print(
          `${session.id}: merged ${hook.branch} into ${into} (${outcome.commit.slice(0, 8)}, in the ${outcome.where})`,
        );
        break;
      case "up-to-date":
        context.print(`${session.id}: ${into} already contains ${hook.branch}`);
        break;
      case "conflict":
        throw new SamocodeError(
          "git",
          `${session.id}: merging ${hook.branch} into ${into} conflicts in ${outcome.files.join(", ")}; ${into} is unchanged, both branches are intact`,
        );
      case "refused":
        throw new SamocodeError("git", `${session.id}: ${outcome.reason}`);
    }
  }
}

/** Members in the order they were spawned; one removed since is skipped with a word, not an error. */
export async function convoyMembers(context: CliContext, convoy: Convoy): Promise<SessionRef[]> {
  const root = (await context.config()).paths.sessions;
  const found: SessionRef[] = [];
  for (const member of convoy.sessions) {
    const ref = await resolveSessionRef(root, member);
    if (ref.ok) found.push(ref.session);
    else context.warn(`convoy ${convoy.id}: ${member} no longer exists: skipped`);
  }
  return found;
}
