// The environment checks of `samocode doctor`: each says what it found and what to do when it fails.
import { access, constants, mkdir } from "node:fs/promises";
import type { SamocodeConfig } from "../config/load-config.ts";
import { runGit } from "../git/git-command.ts";
import { headCommit, identityProblem, topLevel } from "../git/repo-info.ts";
import { LAUNCHER } from "../install/command-link.ts";
import { agentBaseEnv } from "../provider/agent-env.ts";
import { findExecutable } from "../provider/find-executable.ts";
import { PROVIDER_NAMES, type ProviderName } from "../provider/provider-names.ts";
import { providerVersion } from "../provider/provider-version.ts";

/** ok: fine; warn: works, but worth knowing; fail: samocode will not work until fixed; skip: not used. */
export type CheckLevel = "ok" | "warn" | "fail" | "skip";
export type Check = { name: string; level: CheckLevel; detail: string; fix?: string };

const NODE_MIN: [number, number] = [22, 12];

export function checkNode(version = process.versions.node): Check {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  const ok = major > NODE_MIN[0] || (major === NODE_MIN[0] && minor >= NODE_MIN[1]);
  return ok
    ? { name: "node", level: "ok", detail: `v${version}` }
    : {
        name: "node",
        level: "fail",
        detail: `v${version} is older than ${NODE_MIN.join(".")}`,
        fix: `run samocode through its launcher (${LAUNCHER}, or the samocode that install puts on PATH): it runs Node 24 from tools/toolchain`,
      };
}

export async function checkGit(cwd: string): Promise<Check> {
  const result = await runGit(cwd, ["--version"]);
  return result.ok
    ? { name: "git", level: "ok", detail: result.stdout.trim() }
    : {
        name: "git",
        level: "fail",
        detail: result.stderr.trim() || "not found",
        fix: "install git (apt-get install git)",
      };
}

export async function checkRepo(config: SamocodeConfig): Promise<Check> {
  const repo = config.paths.mainRepo;
  if ((await topLevel(repo)) === undefined) {
    return {
      name: "main repo",
      level: "fail",
      detail: `${repo} is not a git work tree`,
      fix: "point MAIN_REPO in .samocode at your checkout",
    };
  }
  if ((await headCommit(repo)) === undefined) {
    return {
      name: "main repo",
      level: "fail",
      detail: `${repo} has no commit yet`,
      fix: "commit something first: worktrees branch from it",
    };
  }
  return { name: "main repo", level: "ok", detail: repo };
}

/** Whether git can commit in MAIN_REPO: the agent's commits and samocode's merges need an identity. */
export async function checkGitIdentity(config: SamocodeConfig): Promise<Check> {
  const repo = config.paths.mainRepo;
  const problem = await identityProblem(repo);
  if (problem === undefined) return { name: "git user", level: "ok", detail: "user.name and user.email set" };
  return { name: "git user", level: "fail", detail: problem, fix: identityFix(repo) };
}

/** The commands that give `repo` an identity, ready to paste. */
export function identityFix(repo: string): string {
  const git = `git -C ${repo.includes(" ") ? JSON.stringify(repo) : repo}`;
  return `${git} config user.name "Your Name" && ${git} config user.email you@example.com (or --global)`;
}

export async function checkFolders(config: SamocodeConfig): Promise<Check> {
  const problems: string[] = [];
  for (const dir of [config.paths.worktrees, config.paths.sessions]) {
    try {
      await mkdir(dir, { recursive: true });
      await access(dir, constants.W_OK);
    } catch (error) {
      problems.push(`${dir}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    }
  }
  return problems.length === 0
    ? { name: "folders", level: "ok", detail: `${config.paths.worktrees}, ${config.paths.sessions}` }
    : {
        name: "folders",
        level: "fail",
        detail: problems.join("; "),
        fix: "make WORKTREES and SESSIONS writable folders",
      };
}

/** The command each agent CLI is run as (a name looked up on the agent's PATH, or a path). */
export function providerCommand(config: SamocodeConfig, provider: Exclude<ProviderName, "scripted">): string {
  return config.runtime[provider].path;
}

/** Each CLI as a session's agent would find and run it: with its user's PATH, not samocode's toolchain. */
export async function checkProviders(config: SamocodeConfig): Promise<Check[]> {
  const env = await agentBaseEnv(config);
  const checks: Check[] = [];
  for (const provider of PROVIDER_NAMES) {
    const chosen = provider === config.runtime.provider;
    if (provider === "scripted") {
      const script = config.runtime.scripted.scriptPath;
      if (chosen)
        checks.push(
          script
            ? { name: "scripted", level: "ok", detail: script }
            : {
                name: "scripted",
                level: "fail",
                detail: "SAMOCODE_SCRIPT is not set",
                fix: "set SAMOCODE_SCRIPT to a script file (see examples/demo-script.yaml)",
              },
        );
      continue;
    }
    const command = providerCommand(config, provider);
    const found = await findExecutable(command, env, config.paths.mainRepo);
    const probe =
      found === undefined
        ? { ok: false as const, reason: `${command} was not found on PATH` }
        : await providerVersion(found, env);
    if (probe.ok)
      checks.push({ name: provider, level: "ok", detail: `${probe.version}${chosen ? " (in use)" : ""}` });
    else if (chosen)
      checks.push({ name: provider, level: "fail", detail: probe.reason, fix: INSTALL[provider] });
    else checks.push({ name: provider, level: "skip", detail: `${probe.reason} (not in use)` });
  }
  return checks;
}

export const INSTALL: Record<Exclude<ProviderName, "scripted">, string> = {
  claude: "npm i -g @anthropic-ai/claude-code, or set CLAUDE_PATH",
  codex: "npm i -g @openai/codex, or set CODEX_PATH",
  gemini: "npm i -g @google/gemini-cli, or set GEMINI_PATH",
};

export async function checkTelegram(config: SamocodeConfig, timeoutMs = 5_000): Promise<Check> {
  const telegram = config.runtime.telegram;
  if (telegram === undefined)
    return {
      name: "telegram",
      level: "skip",
      detail: "not configured (TELEGRAM_BOT_TOKEN, TELEGRAM_CHAT_ID)",
    };
  const root = (telegram.apiRoot ?? "https://api.telegram.org").replace(/\/+$/, "");
  try {
    const response = await fetch(`${root}/bot${telegram.botToken}/getMe`, {
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.ok) return { name: "telegram", level: "ok", detail: `bot reachable at ${root}` };
    return {
      name: "telegram",
      level: "fail",
      detail: `getMe answered HTTP ${response.status}`,
      fix: "check TELEGRAM_BOT_TOKEN",
    };
  } catch (error) {
    // The message may carry the URL, and the URL the token: say only what kind of failure it was.
    const kind = (error as Error).name === "TimeoutError" ? "timed out" : "could not connect";
    return {
      name: "telegram",
      level: "warn",
      detail: `${root} ${kind}`,
      fix: "sessions run anyway; notifications wait until it is reachable",
    };
  }
}

export function checkRoot(uid = process.getuid?.()): Check {
  return uid === 0
    ? {
        name: "user",
        level: "warn",
        detail: "running as root: claude runs with IS_SANDBOX=1 so it accepts its permission bypass",
        fix: "run samocode as a normal user outside a sandbox",
      }
    : { name: "user", level: "ok", detail: `uid ${uid ?? "?"}` };
}
