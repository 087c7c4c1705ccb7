// The supervisor of a benchmark's project, started as a user would (`pm2 start ecosystem.config.cjs`), and the
// processes of its isolated PM2 found by role in /proc: the supervisor, the workers, the PM2 daemon.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { userDirs } from "../../packages/core/src/config/user-dirs.ts";
import type { BenchProject } from "./bench-project.ts";
import { ECOSYSTEM } from "./pm2-home.ts";
import { waitUntil } from "./wait.ts";

export const ROLES = ["supervisor", "worker", "provider"] as const;
export type Role = (typeof ROLES)[number];
export type FleetProcess = { pid: number; role: Role };

/** What each role's command line holds (sources or a build); a provider is the scripted player. */
const ROLE_MARKERS: Readonly<Record<Role, string>> = {
  supervisor: "apps/supervisor/",
  worker: "apps/worker/",
  provider: "/scripted/main.",
};

/** The supervisor's log: in the user's state folder of the project's HOME (one supervisor per PM2 daemon). */
export function supervisorLog(project: BenchProject): string {
  return join(userDirs(project.env).state, "supervisor.log");
}

/** Waits for the supervisor's first reconcile pass, so what follows meets a supervisor at work. */
export async function startSupervisor(project: BenchProject): Promise<void> {
  if (project.pm2 === undefined) throw new Error("the project has no PM2");
  await project.pm2.pm2(["start", ECOSYSTEM], { cwd: project.root, env: project.env });
  const log = supervisorLog(project);
  await waitUntil("the supervisor's first reconcile pass", async () => {
    const text = await readFile(log, "utf8").catch(() => "");
    return text.includes("first reconcile pass done") ? true : undefined;
  });
}

/**
 * Every live process that carries this PM2_HOME in its environment (only what the benchmark started can),
 * sorted into roles by command line; anything else (bash wrappers, git) is left out.
 */
export async function fleetProcesses(pm2Home: string): Promise<FleetProcess[]> {
  const marker = `PM2_HOME=${pm2Home}\0`;
  const found: FleetProcess[] = [];
  for (const entry of await readdir("/proc")) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    const environ = await readFile(`/proc/${pid}/environ`, "latin1").catch(() => "");
    if (!environ.includes(marker)) continue;
    const cmdline = await readFile(`/proc/${pid}/cmdline`, "latin1").catch(() => "");
    const role = ROLES.find((r) => cmdline.includes(ROLE_MARKERS[r]));
    if (role !== undefined) found.push({ pid, role });
  }
  return found;
}

/** The one supervisor of this PM2 home; throws when there is none or more than one. */
export async function supervisorPid(pm2Home: string): Promise<number> {
  const supervisors = (await fleetProcesses(pm2Home)).filter((p) => p.role === "supervisor");
  const [only] = supervisors;
  if (only === undefined || supervisors.length > 1) {
    throw new Error(`expected one supervisor under ${pm2Home}, found ${supervisors.length}`);
  }
  return only.pid;
}

/** PM2's God Daemon, from the pid file it keeps in its home. */
export async function pm2DaemonPid(pm2Home: string): Promise<number> {
  const pid = Number((await readFile(join(pm2Home, "pm2.pid"), "utf8")).trim());
  if (!Number.isInteger(pid) || pid <= 0) throw new Error(`no PM2 daemon pid in ${pm2Home}/pm2.pid`);
  return pid;
}
