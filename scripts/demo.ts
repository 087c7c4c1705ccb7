// The README demo: a throwaway git repo under demo/, a session on it driven by the scripted provider
// (no API key needed), run until it stops at its first human gate. `--provider claude|codex` uses a
// real agent CLI instead.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";

const root = resolve(import.meta.dirname, "..");
const { values } = parseArgs({
  options: {
    provider: { type: "string", default: "scripted" },
    dir: { type: "string", default: join(root, "demo") },
  },
});
const provider = values.provider;
if (!["scripted", "claude", "codex", "gemini"].includes(provider)) {
  console.error(`demo: --provider must be scripted, claude, codex or gemini, not "${provider}"`);
  process.exit(2);
}
const demo = resolve(values.dir);
const repo = join(demo, "repo");
const config = join(demo, ".samocode");

if (!existsSync(join(repo, ".git"))) {
  mkdirSync(repo, { recursive: true });
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "ignore" });
  git("init", "-q", "-b", "main");
  git("config", "user.name", "samocode demo");
  git("config", "user.email", "demo@samocode.invalid");
  writeFileSync(join(repo, "README.md"), "# demo\nA throwaway repository for the samocode demo.\n");
  git("add", "README.md");
  git("commit", "-q", "-m", "initial commit");
}
writeFileSync(config, "MAIN_REPO=repo\nWORKTREES=worktrees\nSESSIONS=sessions\n");
writeFileSync(
  join(demo, ".env"),
  `SAMOCODE_PROVIDER=${provider}\nSAMOCODE_SCRIPT=${join(root, "examples", "demo-script.yaml")}\n`,
);

const taken = existsSync(join(demo, "sessions")) ? readdirSync(join(demo, "sessions")).length : 0;
const name = taken === 0 ? "greet" : `greet-${taken + 1}`;
const cli = [join(root, "apps", "cli", "src", "main.ts")];
const env = { ...process.env, SAMOCODE_CONFIG: config };
console.log(`samocode demo: ${provider} provider, repository ${repo}\n`);
const run = spawnSync(
  process.execPath,
  [...cli, "run", "--task", "Add a greet(name) helper with a test", "--name", name, "--no-wait"],
  { env, stdio: "inherit" },
);
const sam = `./samocode --config ${relative(process.cwd(), config) || config}`;
console.log(`
The session stopped at its first human gate (exit ${run.status}: 10 means waiting).
Go on, by hand:
  ${sam} answer ${name} 'Hello, Ada!' yes     # answer the two questions in _qa.md
  ${sam} run ${name} --no-wait                # runs to the plan gate
  ${sam} approve ${name}                      # approve the plan
  ${sam} run ${name}                          # implementation → testing → quality → done
Look inside: ${join(demo, "sessions")} (the session folder) and ${join(demo, "worktrees")} (its worktree).`);
process.exit(run.status === 10 || run.status === 0 ? 0 : (run.status ?? 1));
