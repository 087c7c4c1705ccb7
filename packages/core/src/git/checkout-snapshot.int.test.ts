import { appendFile, chmod, mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as delay } from "node:timers/promises";
import { describe, expect, it, onTestFinished, vi } from "vitest";
import { git, makeGitRepo } from "../../../../tests/helpers/git-repo.ts";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { type CheckoutSnapshot, describeEscape, snapshotCheckout } from "./checkout-snapshot.ts";
import { runGit } from "./git-command.ts";

// Counted, not replaced: every git process the snapshot starts still runs.
vi.mock("./git-command.ts", async (importOriginal) => {
  const actual = await importOriginal<typeof import("./git-command.ts")>();
  return { ...actual, runGit: vi.fn(actual.runGit) };
});

/** What the snapshot held before it read v2 porcelain: v1 lines, a rename's original path dropped. */
async function v1Lines(repo: string): Promise<string[]> {
  // --no-optional-locks: a refreshed index would be a change of its own for the reused look.
  const fields = (
    await git(repo, "--no-optional-locks", "status", "--porcelain=v1", "-z", "--untracked-files=all")
  )
    .split("\0")
    .filter((field) => field !== "");
  const lines: string[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i] ?? "";
    lines.push(field);
    if (field.startsWith("R") || field.startsWith("C")) i++;
  }
  return lines.sort();
}

describe("snapshotCheckout", () => {
  it("holds the same lines as v1 porcelain: modified, staged, renamed, deleted, untracked with spaces", async () => {
    const repo = await makeGitRepo();
    await writeFile(join(repo, "a.txt"), "a\n");
    await writeFile(join(repo, "b.txt"), "b\n");
    await git(repo, "add", "a.txt", "b.txt");
    await git(repo, "commit", "-q", "-m", "two files");
    await git(repo, "mv", "a.txt", "renamed.txt");
    await writeFile(join(repo, "b.txt"), "b changed\n");
    await writeFile(join(repo, "README.md"), "staged change\n");
    await git(repo, "add", "README.md");
    await writeFile(join(repo, "README.md"), "and changed again\n");
    await mkdir(join(repo, "new dir"));
    await writeFile(join(repo, "new dir", "with space.txt"), "untracked\n");
    const snapshot = await snapshotCheckout(repo);
    expect(snapshot.status).toEqual(await v1Lines(repo));
    expect(snapshot.status).toEqual(
      [" M b.txt", "?? new dir/with space.txt", "MM README.md", "R  renamed.txt"].sort(),
    );
    expect(snapshot.branch).toBe("main");
    expect(snapshot.head).toBe(await git(repo, "rev-parse", "HEAD"));
  });

  it("has no branch on a detached HEAD and no head before the first commit", async () => {
    const repo = await makeGitRepo();
    await git(repo, "checkout", "-q", "--detach");
    expect(await snapshotCheckout(repo)).toEqual({
      head: await git(repo, "rev-parse", "HEAD"),
      branch: undefined,
      status: [],
    });
    const empty = await makeTempDir();
    await git(empty, "init", "-q", "-b", "trunk");
    expect(await snapshotCheckout(empty)).toEqual({ head: undefined, branch: "trunk", status: [] });
  });

  it("reports a rename in the main checkout by its new path, and a folder that is not a repo as a failure", async () => {
    const repo = await makeGitRepo();
    const before = await snapshotCheckout(repo);
    await git(repo, "mv", "README.md", "MOVED.md");
    expect(describeEscape(repo, before, await snapshotCheckout(repo))).toMatch(
      /working tree changed \(MOVED\.md\)/,
    );
    const notRepo = await snapshotCheckout(await makeTempDir());
    expect(notRepo.head).toBeUndefined();
    expect(notRepo.status[0]).toMatch(/^\(git status failed: .*not a git repository/);
  });
});

/** What git says about the checkout now, asked without snapshotCheckout: the oracle for a reused look. */
async function freshLook(repo: string, skip = ""): Promise<CheckoutSnapshot> {
  const head = await git(repo, "rev-parse", "--verify", "-q", "HEAD").catch(() => "");
  const branch = await git(repo, "symbolic-ref", "-q", "--short", "HEAD").catch(() => "");
  const lines = (await v1Lines(repo)).filter((line) => skip === "" || !line.slice(3).startsWith(`${skip}/`));
  return { head: head || undefined, branch: branch || undefined, status: lines };
}

type Scenario = {
  name: string;
  prepare?: (repo: string) => Promise<unknown>;
  change: (repo: string) => Promise<unknown>;
  /** Whether git must look again; false where the change cannot alter what git status says. */
  looksAgain: boolean;
  ignore?: string;
};

const SCENARIOS: Scenario[] = [
  {
    name: "a tracked file rewritten in place at the same size",
    change: (repo) => writeFile(join(repo, "a.txt"), "bbbb\n"),
    looksAgain: true,
  },
  {
    name: "a file created in an empty folder",
    change: (repo) => writeFile(join(repo, "empty", "new.txt"), "new\n"),
    looksAgain: true,
  },
  {
    name: "a file created in a folder that held only ignored files",
    change: (repo) => writeFile(join(repo, "logs", "new.txt"), "new\n"),
    looksAgain: true,
  },
  {
    name: "a file created two folders deep in an untracked folder",
    change: async (repo) => {
      await mkdir(join(repo, "ud", "deeper"));
      await writeFile(join(repo, "ud", "deeper", "y.txt"), "y\n");
    },
    looksAgain: true,
  },
  {
    name: "an untracked .gitignore rewritten to hide its folder",
    prepare: (repo) => writeFile(join(repo, "ud", ".gitignore"), "x\n"),
    change: (repo) => writeFile(join(repo, "ud", ".gitignore"), "*\n"),
    looksAgain: true,
  },
  {
    name: "a line added to .git/info/exclude",
    change: (repo) => appendFile(join(repo, ".git", "info", "exclude"), "u.txt\n"),
    looksAgain: true,
  },
  {
    name: "a global excludes file named by core.excludesFile",
    prepare: async (repo) => {
      const excludes = join(await makeTempDir(), "ignore");
      await writeFile(excludes, "none\n");
      await git(repo, "config", "core.excludesFile", excludes);
    },
    change: async (repo) => {
      const excludes = await git(repo, "config", "core.excludesFile");
      await writeFile(excludes, "u.txt\n");
    },
    looksAgain: true,
  },
  {
    name: "a commit in the main checkout",
    change: (repo) => git(repo, "commit", "-q", "--allow-empty", "-m", "escaped"),
    looksAgain: true,
  },
  {
    name: "a change to the index only",
    change: (repo) => git(repo, "rm", "-q", "--cached", "sub/b.txt"),
    looksAgain: true,
  },
  {
    name: "a branch switch at the same commit",
    change: (repo) => git(repo, "checkout", "-q", "-b", "elsewhere"),
    looksAgain: true,
  },
  {
    name: "a tracked file made executable",
    change: (repo) => chmod(join(repo, "a.txt"), 0o755),
    looksAgain: true,
  },
  {
    name: "a tracked file deleted",
    change: (repo) => rm(join(repo, "sub", "b.txt")),
    looksAgain: true,
  },
  {
    name: "a file created in an ignored folder",
    change: (repo) => writeFile(join(repo, "node_modules", "pkg", "new.js"), "new\n"),
    looksAgain: false,
  },
  {
    name: "a file created in samocode's own folder",
    prepare: (repo) => mkdir(join(repo, "_own", "s1"), { recursive: true }),
    change: (repo) => writeFile(join(repo, "_own", "s1", "_hook.json"), "{}\n"),
    looksAgain: false,
    ignore: "_own",
  },
  {
    name: "a commit on a linked worktree's branch",
    prepare: (repo) => git(repo, "worktree", "add", "-q", "-b", "samocode/w", `${repo}-wt`),
    change: async (repo) => {
      await writeFile(join(`${repo}-wt`, "feature.ts"), "export {};\n");
      await git(`${repo}-wt`, "add", "feature.ts");
      await git(`${repo}-wt`, "commit", "-q", "-m", "in the worktree");
    },
    looksAgain: false,
  },
];

/** A repo with a tracked file, a tracked folder, ignored and untracked files and folders, an empty folder. */
async function variedRepo(): Promise<string> {
  const repo = await makeGitRepo();
  onTestFinished(() => rm(`${repo}-wt`, { recursive: true, force: true }));
  await writeFile(join(repo, "a.txt"), "aaaa\n");
  await mkdir(join(repo, "sub"));
  await writeFile(join(repo, "sub", "b.txt"), "b\n");
  await writeFile(join(repo, ".gitignore"), "node_modules/\n*.log\n");
  await git(repo, "add", ".");
  await git(repo, "commit", "-q", "-m", "varied");
  for (const dir of ["empty", "logs", "node_modules/pkg", "ud"])
    await mkdir(join(repo, dir), { recursive: true });
  await writeFile(join(repo, "logs", "a.log"), "ignored\n");
  await writeFile(join(repo, "node_modules", "pkg", "index.js"), "ignored\n");
  await writeFile(join(repo, "ud", "x.txt"), "untracked\n");
  await writeFile(join(repo, "u.txt"), "untracked\n");
  return repo;
}

/** Longer than the fingerprint's racy margin: stamps this old are trusted. */
const AGED_MS = 2_100;
const gitRuns = () => vi.mocked(runGit).mock.calls.length;

describe("snapshotCheckout's reused look", () => {
  it("reuses the last look while nothing git status reads changed, and looks again after every change that could", async () => {
    const repos = await Promise.all(
      SCENARIOS.map(async (scenario) => {
        const repo = await variedRepo();
        await scenario.prepare?.(repo);
        return repo;
      }),
    );
    await delay(AGED_MS);
    for (const [i, scenario] of SCENARIOS.entries()) {
      const repo = repos[i] ?? "";
      const ignore = scenario.ignore === undefined ? [] : [join(repo, scenario.ignore)];
      const first = await snapshotCheckout(repo, ignore);
      expect(first, scenario.name).toEqual(await freshLook(repo, scenario.ignore));
      const runs = gitRuns();
      expect(await snapshotCheckout(repo, ignore), scenario.name).toEqual(first);
      expect(gitRuns(), `${scenario.name}: nothing changed, no git`).toBe(runs);
      await scenario.change(repo);
      expect(await snapshotCheckout(repo, ignore), scenario.name).toEqual(
        await freshLook(repo, scenario.ignore),
      );
      expect(gitRuns() > runs, `${scenario.name}: git looked again`).toBe(scenario.looksAgain);
    }
  });

  it("does not trust a look at files written just before it, nor one at a repository with a submodule", async () => {
    const fresh = await makeGitRepo();
    await snapshotCheckout(fresh);
    let runs = gitRuns();
    await snapshotCheckout(fresh);
    expect(gitRuns()).toBeGreaterThan(runs);
    const withSubmodule = await makeGitRepo();
    const head = await git(withSubmodule, "rev-parse", "HEAD");
    await git(withSubmodule, "update-index", "--add", "--cacheinfo", `160000,${head},vendored`);
    await delay(AGED_MS);
    await snapshotCheckout(withSubmodule);
    runs = gitRuns();
    expect(await snapshotCheckout(withSubmodule)).toEqual(await freshLook(withSubmodule));
    expect(gitRuns()).toBe(runs + 1);
  });
});
