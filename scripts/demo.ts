// The README demo: a throwaway git repo under demo/, and a session on it spawned under PM2 with the
// scripted provider (no API key needed). It waits until the session stops at its first human gate and
// prints how to answer, approve and watch it finish. `--provider claude|codex` uses a real agent CLI.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import { delimiter, join, resolve } from "node:path";
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
const sessions = join(demo, "sessions");

makeRepo();
writeFileSync(config, "MAIN_REPO=repo\nWORKTREES=worktrees\nSESSIONS=sessions\n");
writeFileSync(
  join(demo, ".env"),
  `SAMOCODE_PROVIDER=${provider}\nSAMOCODE_SCRIPT=${join(root, "examples", "demo-script.yaml")}\n`,
);

const taken = existsSync(sessions) ? readdirSync(sessions).filter((f) => !f.startsWith("_")).length : 0;
const name = taken === 0 ? "greet" : `greet-${taken + 1}`;
const cli = join(root, "apps", "cli", "src", "main.ts");
const env = { ...process.env, SAMOCODE_CONFIG: config };
const samocode = (...args: string[]) =>
  spawnSync(process.execPath, [cli, ...args], { env, stdio: "inherit" });

console.log(`samocode demo: ${provider} provider, a throwaway repository at ${repo}\n`);
const spawned = samocode("spawn", "Add a greet(name) helper with a test", "--name", name);
if (spawned.status !== 0) process.exit(spawned.status ?? 1);
const state = await firstStop(name, 60_000);
console.log("");
samocode("status");
// Every command below works as printed from any folder: the project is named by its absolute path.
const sam = `samocode --config ${config}`;
const launcher = join(root, "samocode");
console.log(`
The session ${state}. It runs in its own PM2 worker, so it keeps going without this terminal:
  ${sam} show ${name}                     # its questions, later its plan
  ${sam} answer ${name} 'Hello, Ada!' yes     # answer its two questions; it resumes by itself
  ${sam} status --watch                       # watch it reach the plan gate (Ctrl-C to leave)
  ${sam} approve ${name}                      # approve the plan; it implements, tests and finishes
  ${sam} diff ${name}                         # what its branch changed
  ${sam} logs ${name} -f                      # what the agent says and does, live
  samocode pm2 monit                             # every session at a glance (phase, state, cost)
Its folder: ${join(sessions)}; its worktree: ${join(demo, "worktrees")}.
The supervisor came up with it (samocode supervisor status): it watches for stalls and crash loops.`);
if (!onPath("samocode", launcher)) {
  console.log(`
samocode is not on your PATH yet: ${launcher} install puts it there (or type ${launcher} for samocode).`);
}

/** Whether `command` on PATH is this checkout's launcher (directly or through links). */
function onPath(command: string, target: string): boolean {
  for (const dir of (process.env.PATH ?? "").split(delimiter)) {
    const candidate = join(dir, command);
    if (existsSync(candidate) && realpathSync(candidate) === realpathSync(target)) return true;
  }
  return false;
}

function makeRepo(): void {
  if (existsSync(join(repo, ".git"))) return;
  mkdirSync(repo, { recursive: true });
  const git = (...args: string[]) => execFileSync("git", args, { cwd: repo, stdio: "ignore" });
  git("init", "-q", "-b", "main");
  git("config", "user.name", "samocode demo");
  git("config", "user.email", "demo@samocode.invalid");
  writeFileSync(join(repo, "README.md"), "# demo\nA throwaway repository for the samocode demo.\n");
  git("add", "README.md");
  git("commit", "-q", "-m", "initial commit");
}

/** Waits (bounded) until the new session stops at a gate or settles, reading its _hook.json. */
async function firstStop(sessionName: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const folder = existsSync(sessions)
      ? readdirSync(sessions).find((f) => f.endsWith(`-${sessionName}`))
      : undefined;
    if (folder !== undefined) {
      try {
        const hook = JSON.parse(readFileSync(join(sessions, folder, "_hook.json"), "utf8"));
        if (hook.state === "waiting") return `is waiting for ${hook.waitingFor} in phase ${hook.phase}`;
        if (hook.state !== "running") return `is ${hook.state}${hook.reason ? `: ${hook.reason}` : ""}`;
      } catch {
        // Being written; look again.
      }
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return "is still running";
}
