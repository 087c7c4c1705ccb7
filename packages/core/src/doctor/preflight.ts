// What `spawn`, `run` and `convoy create` check before anything exists — no session folder, worktree,
// convoy file or PM2 daemon: the repo and the base, git's identity, the folders, the provider. Each
// refusal is one line that says how to fix it (the CLI prints it and exits 2). Issue 14: a missing
// provider, script or git identity used to surface minutes later as a failed session.
import { constants } from "node:fs";
import { access } from "node:fs/promises";
import { dirname } from "node:path";
import { entryKind } from "../config/find-project-file.ts";
import type { SamocodeConfig } from "../config/load-config.ts";
import { resolveBase } from "../git/ref-check.ts";
import { identityProblem } from "../git/repo-info.ts";
import { agentBaseEnv } from "../provider/agent-env.ts";
import { findExecutable } from "../provider/find-executable.ts";
import type { ProviderName } from "../provider/provider-names.ts";
import { providerVersion } from "../provider/provider-version.ts";
import { loadScript } from "../scripted/script-file.ts";
import { INSTALL, identityFix, providerCommand } from "./checks.ts";

export type PreflightInput = {
  config: SamocodeConfig;
  /** The provider the new session will run (`--provider`, else SAMOCODE_PROVIDER). */
  provider: ProviderName;
  /** `--base` as typed; default: the main checkout's branch. */
  base?: string | undefined;
};

export type Preflight =
  /** `base`: the commit the session's branch will start from. */
  { ok: true; base: { ref: string; commit: string } } | { ok: false; reason: string };

export async function preflight(input: PreflightInput): Promise<Preflight> {
  const { config } = input;
  const base = await resolveBase(config.paths.mainRepo, input.base);
  if (!base.ok) return { ok: false, reason: base.reason };
  const problem =
    (await gitIdentity(config.paths.mainRepo)) ??
    (await folderProblem("WORKTREES", config.paths.worktrees)) ??
    (await folderProblem("SESSIONS", config.paths.sessions)) ??
    (await providerProblem(config, input.provider));
  if (problem !== undefined) return { ok: false, reason: problem };
  return { ok: true, base: { ref: base.ref, commit: base.commit } };
}

async function gitIdentity(repo: string): Promise<string | undefined> {
  const problem = await identityProblem(repo);
  if (problem === undefined) return undefined;
  return `git cannot commit in MAIN_REPO ${repo}: ${problem}; set an identity: ${identityFix(repo)}`;
}

/** Writable, or creatable: the nearest folder that exists is a writable folder. Nothing is made here. */
async function folderProblem(key: "WORKTREES" | "SESSIONS", dir: string): Promise<string | undefined> {
  let probe = dir;
  while ((await entryKind(probe)) === "missing" && dirname(probe) !== probe) probe = dirname(probe);
  const fix = `fix it, or point ${key} in .samocode at a folder you can write`;
  const kind = await entryKind(probe);
  if (kind !== "directory") {
    const what = probe === dir ? "is not a folder" : `cannot be created: ${probe} is not a folder`;
    return `${key} ${dir} ${what}; ${fix}`;
  }
  try {
    await access(probe, constants.W_OK | constants.X_OK);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    const where = probe === dir ? "" : ` (its nearest folder ${probe})`;
    return `${key} ${dir} is not writable${where}: ${code}; ${fix}`;
  }
}

/** The binary a session would run, found and answering `--version` with the agent's environment. */
async function providerProblem(config: SamocodeConfig, provider: ProviderName): Promise<string | undefined> {
  if (provider === "scripted") return scriptProblem(config);
  const command = providerCommand(config, provider);
  const key = `${provider.toUpperCase()}_PATH`;
  const env = await agentBaseEnv(config);
  const found = await findExecutable(command, env, config.paths.mainRepo);
  if (found === undefined) {
    return `the ${provider} CLI (${command}) is not on your PATH; install it (${INSTALL[provider].replace(/, or set .*$/, "")}) or set ${key} in ${config.envFile}`;
  }
  const probe = await providerVersion(found, env);
  if (probe.ok) return undefined;
  return `${probe.reason}; fix that install of ${provider}, or set ${key} in ${config.envFile}`;
}

async function scriptProblem(config: SamocodeConfig): Promise<string | undefined> {
  const script = config.runtime.scripted.scriptPath;
  const fix = `set SAMOCODE_SCRIPT in ${config.envFile} to a script file (see examples/demo-script.yaml)`;
  if (script === undefined) return `the scripted provider has no script; ${fix}`;
  const loaded = await loadScript(script);
  if (loaded.ok) return undefined;
  const issue = loaded.issues[0]?.split("\n")[0]?.trim();
  const first = issue ? `: ${issue}` : "";
  return `${loaded.reason}${first}; fix it, or ${fix}`;
}
