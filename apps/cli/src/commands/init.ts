// `samocode init`: writes a .samocode for this repo, with worktrees and sessions kept outside its tracked tree.
import { join } from "node:path";
import {
  docsPage,
  type InitProjectReport,
  initProjectFile,
  projectIdentity,
  SamocodeError,
  samocodeCommand,
  userDirs,
} from "@samocode/core";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";

/** Shaped by the option definitions below: `<path>` options are strings, `--force` is true when given. */
interface InitOptions {
  mainRepo?: string;
  worktrees?: string;
  sessions?: string;
  force?: true;
}

export function registerInitCommand(program: Command, context: CliContext): void {
  program
    .command("init")
    .description("write a .samocode here (or at --config), keeping worktrees and sessions outside the repo")
    .option("--main-repo <path>", "the main git checkout (default: the current folder)")
    .option("--worktrees <path>", "where session worktrees go (default: ../<repo>-samocode/worktrees)")
    .option("--sessions <path>", "where session folders go (default: ../<repo>-samocode/sessions)")
    .option("--force", "overwrite an existing .samocode")
    .action(async (options: InitOptions) => {
      const result = await initProjectFile({
        cwd: context.cwd,
        env: context.env,
        target: context.configOption(),
        mainRepo: options.mainRepo,
        worktrees: options.worktrees,
        sessions: options.sessions,
        force: options.force === true,
      });
      if (!result.ok) throw new SamocodeError("usage", result.error);
      const command = await samocodeCommand({ projectFile: result.report.file }, context.cwd);
      printReport(result.report, context, command);
      // Known from now on to the one supervisor of the PM2 daemon, which serves every project.
      const mainRepo = result.report.entries.find((entry) => entry.key === "MAIN_REPO")?.path;
      if (mainRepo !== undefined) {
        const project = await projectIdentity(userDirs(context.env), result.report.file, mainRepo);
        context.print(`Project id: ${project.id} (PM2 shows its sessions as <session>@${project.id})`);
      }
    });
}

function printReport(report: InitProjectReport, context: CliContext, s: string): void {
  context.print(`Wrote ${report.file}:`);
  const width = Math.max(...report.entries.map(({ key, written }) => `${key}=${written}`.length));
  for (const { key, written, path } of report.entries) {
    const created = report.createdFolders.includes(path) ? " (created)" : "";
    context.print(`  ${`${key}=${written}`.padEnd(width)}  ${path}${created}`);
  }
  const { exclude } = report;
  if (exclude.kind === "updated") context.print(`Added to ${exclude.file}: ${exclude.added.join(" ")}`);
  if (exclude.kind === "skipped") {
    context.warn(`${exclude.reason}; keep .samocode and .env out of git with your own ignore rules`);
  }
  for (const note of report.notes) context.warn(note);
  const envFile = join(report.file, "..", ".env");
  context.print(
    `Next: runtime settings (provider, models, timeouts, Telegram) go in ${envFile} — see ${docsPage("configuration.md")};`,
  );
  context.print(`then start a session: ${s} spawn "<task>"  (under PM2; or ${s} run --task "<task>" here)`);
  context.print(`check the setup any time with: ${s} doctor`);
}
