// A real git repository in a temp dir, with a local identity and no background gc.
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { execa } from "execa";
import { makeTempDir } from "./temp-dir.ts";

export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await execa("git", args, { cwd });
  return stdout;
}

/** Creates a repo on branch `main` with one commit (README.md). */
export async function makeGitRepo(prefix = "samo-repo-"): Promise<string> {
  const dir = await makeTempDir(prefix);
  await git(dir, "init", "-q", "-b", "main");
  await git(dir, "config", "user.name", "Samocode Test");
  await git(dir, "config", "user.email", "test@samocode.invalid");
  await git(dir, "config", "gc.auto", "0");
  await git(dir, "config", "commit.gpgsign", "false");
  await writeFile(join(dir, "README.md"), "# test repo\n");
  await git(dir, "add", "README.md");
  await git(dir, "commit", "-q", "-m", "initial commit");
  return dir;
}
