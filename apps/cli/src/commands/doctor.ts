// `samocode doctor`: node, git (and its identity), config, repo, folders, provider CLIs, the PM2 daemon and
// supervisor, another pm2 on PATH, Telegram — one line each, with what to do about each failure.
import {
  type Check,
  checkFolders,
  checkGit,
  checkGitIdentity,
  checkNode,
  checkPm2OnPath,
  checkProviders,
  checkRepo,
  checkRoot,
  checkTelegram,
  loadConfig,
} from "@samocode/core";
import {
  BUNDLED_PM2_BIN,
  bundledPm2Version,
  isDaemonRunning,
  pm2Home,
  SUPERVISOR_APP,
  withRunningPm2,
} from "@samocode/supervisor";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";

const MARK: Record<Check["level"], string> = { ok: "✓", warn: "!", fail: "✗", skip: "–" };

export function registerDoctorCommand(program: Command, context: CliContext): void {
  program
    .command("doctor")
    .description("check node, git, the config, the provider CLIs, PM2 and Telegram")
    .option("--json", "print the checks as JSON")
    .action(async (options: { json?: true }) => {
      const checks = await runChecks(context);
      if (options.json === true) context.print(JSON.stringify(checks, null, 2));
      else {
        for (const c of checks)
          context.print(
            `${MARK[c.level]} ${c.name.padEnd(10)} ${c.detail}${c.fix && c.level !== "ok" ? `\n  → ${c.fix}` : ""}`,
          );
      }
      if (checks.some((c) => c.level === "fail")) process.exitCode = 1;
    });
}

async function runChecks(context: CliContext): Promise<Check[]> {
  const checks: Check[] = [checkNode(), await checkGit(context.cwd), checkRoot()];
  const pm2Cli = await checkPm2OnPath(context.env, context.cwd, {
    bin: BUNDLED_PM2_BIN,
    version: bundledPm2Version(),
  });
  const loaded = await loadConfig({ configPath: context.configOption(), cwd: context.cwd, env: context.env });
  if (!loaded.ok) {
    checks.push({
      name: "config",
      level: "fail",
      detail: loaded.errors.join("; "),
      fix: "fix the lines above, or run samocode init in your repo's root",
    });
    return [...checks, await checkPm2(context), pm2Cli];
  }
  const { config } = loaded;
  checks.push({ name: "config", level: "ok", detail: config.projectFile });
  for (const warning of loaded.warnings) checks.push({ name: "config", level: "warn", detail: warning });
  checks.push(await checkRepo(config), await checkGitIdentity(config), await checkFolders(config));
  checks.push(...(await checkProviders(config)));
  checks.push(await checkPm2(context), pm2Cli, await checkTelegram(config));
  return checks;
}

async function checkPm2(context: CliContext): Promise<Check> {
  const home = pm2Home(context.env);
  if (!(await isDaemonRunning(context.env))) {
    return {
      name: "pm2",
      level: "warn",
      detail: `no daemon at ${home}`,
      fix: "samocode spawn starts it (and the supervisor); samocode run works without",
    };
  }
  const supervisor = await withRunningPm2(async (pm2) =>
    (await pm2?.list())?.find((app) => app.name === SUPERVISOR_APP),
  );
  if (supervisor?.status !== "online") {
    return {
      name: "pm2",
      level: "warn",
      detail: `daemon at ${home}, supervisor ${supervisor?.status ?? "not started"}`,
      fix: "samocode supervisor start",
    };
  }
  return { name: "pm2", level: "ok", detail: `daemon at ${home}, supervisor online` };
}
