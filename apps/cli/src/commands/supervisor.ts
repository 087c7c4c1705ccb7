// `samocode supervisor [start|stop|status]`: the one supervisor of this PM2 daemon, for people who want it in
// their own hands (spawn, restart and resume start it anyway). It serves every known project, so none of
// these needs a .samocode.
import { loadMachineConfig, readProjects, SamocodeError } from "@samocode/core";
import { ensureSupervisor, pm2Home, SUPERVISOR_APP, withPm2, withRunningPm2 } from "@samocode/supervisor";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";

export function registerSupervisorCommand(program: Command, context: CliContext): void {
  const supervisor = program
    .command("supervisor")
    .description("start, stop or show the supervisor of this PM2 daemon (one for every project)");
  supervisor
    .command("start")
    .description("start it unless it runs (samocode spawn does this for you)")
    .action(async () => {
      const outcome = await withPm2((pm2) =>
        ensureSupervisor(pm2, { ...context.env, SAMOCODE_SUPERVISOR: "auto" }),
      );
      context.print(outcome === "running" ? "the supervisor already runs" : "started the supervisor");
      await showStatus(context);
    });
  supervisor
    .command("stop")
    .description("stop it; workers go on, but nothing watches them until it runs again")
    .action(async () => {
      const stopped = await withRunningPm2(async (pm2) => {
        if (pm2 === undefined) return false;
        const apps = await pm2.describe(SUPERVISOR_APP);
        for (const app of apps) await pm2.stop(app.pmId);
        return apps.length > 0;
      });
      context.print(
        stopped ? "stopped the supervisor (samocode supervisor start runs it again)" : "no supervisor runs",
      );
    });
  supervisor
    .command("status", { isDefault: true })
    .description("whether it runs, and the projects it serves")
    .action(() => showStatus(context));
}

async function showStatus(context: CliContext): Promise<void> {
  const machine = await loadMachineConfig(context.env);
  if (!machine.ok) throw new SamocodeError("config", machine.errors.join("\n"));
  const app = await withRunningPm2(async (pm2) => (await pm2?.describe(SUPERVISOR_APP))?.[0]);
  const where = `PM2 daemon at ${pm2Home(context.env)}`;
  context.print(
    app === undefined ? `no supervisor on the ${where}` : `supervisor ${app.status} on the ${where}`,
  );
  const { projects, problem } = await readProjects(machine.config.user);
  if (problem !== undefined) context.warn(problem);
  if (projects.length === 0) context.print("no project known yet: samocode spawn in a project adds it");
  for (const project of projects) context.print(`  ${project.id}  ${project.config}`);
  context.print(`log: ${machine.config.user.state}/supervisor.log`);
}
