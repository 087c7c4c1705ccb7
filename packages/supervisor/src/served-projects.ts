// The projects one supervisor serves: every project the user's list knows (`projects.json`) and every
// project a samocode worker on this PM2 daemon runs for (its `--config`). Each is loaded with its own
// `.samocode` and `.env` on every pass; when that fails (a typo in `.env`), the last configuration that
// loaded keeps serving it — its crash-looping workers still get quarantined — and the problem is said once.
// A project that never loaded is skipped, so its apps are never touched on a guess.
import { realpath } from "node:fs/promises";
import { dirname } from "node:path";
import {
  type Logger,
  loadConfig,
  type MachineConfig,
  onlyFor,
  projectIdentity,
  readProjects,
} from "@samocode/core";
import type { WorkerLaunch } from "./ensure-worker.ts";
import type { Pm2App } from "./pm2-app.ts";

/** What keeps a configuration path from resolving that is the user's to fix, not a bug. */
const UNRESOLVABLE = ["ENOENT", "ENOTDIR", "EACCES", "ELOOP"];

export type ServedProjects = {
  /** The projects to serve now, read afresh (a project spawned a minute ago is served from its first pass). */
  discover: (apps: readonly Pm2App[]) => Promise<WorkerLaunch[]>;
};

export function createServedProjects(options: {
  machine: MachineConfig;
  env: Readonly<Record<string, string | undefined>>;
  interpreter: string;
  logger: Logger;
}): ServedProjects {
  const { machine, env, logger } = options;
  const said = new Set<string>();
  const sayOnce = (key: string, message: string, fields: Record<string, unknown>) => {
    if (said.has(key)) return;
    said.add(key);
    logger.warn(message, fields);
  };
  const lastGood = new Map<string, WorkerLaunch>();
  const real = new Map<string, string>();
  const realPath = async (path: string) => {
    const known = real.get(path);
    if (known !== undefined) return known;
    // A project folder gone or unreadable keeps the path it was listed under (its load then says why).
    const resolved = await realpath(path).catch(onlyFor(UNRESOLVABLE, path, `cannot resolve ${path}`));
    real.set(path, resolved);
    return resolved;
  };
  return {
    discover: async (apps) => {
      const listed = await readProjects(machine.user);
      if (listed.problem !== undefined)
        sayOnce(listed.problem, "the list of projects cannot be read", { problem: listed.problem });
      const configs = new Set<string>(listed.projects.map((project) => project.config));
      for (const app of apps) if (app.worker !== undefined) configs.add(await realPath(app.worker.config));
      const launches: WorkerLaunch[] = [];
      for (const path of [...configs].sort()) {
        const loaded = await loadConfig({ configPath: path, cwd: dirname(path), env });
        const previous = lastGood.get(path);
        if (!loaded.ok) {
          const what = previous
            ? "a project's configuration does not load; serving it as it last loaded"
            : "a project cannot be loaded; its sessions and apps are left alone";
          sayOnce(`${path}\n${loaded.errors.join("\n")}`, what, { config: path, errors: loaded.errors });
          if (previous !== undefined) launches.push(previous);
          continue;
        }
        const project = await projectIdentity(machine.user, path, loaded.config.paths.mainRepo);
        const launch = { config: loaded.config, project, env, interpreter: options.interpreter };
        lastGood.set(path, launch);
        launches.push(launch);
      }
      return launches;
    },
  };
}

/** The apps of one project: attributed by the `.samocode` each worker runs with. */
export async function appsOfProject(apps: readonly Pm2App[], project: string): Promise<Pm2App[]> {
  const mine: Pm2App[] = [];
  for (const app of apps) {
    if (app.worker === undefined) continue;
    const config =
      app.worker.config === project
        ? project
        : await realpath(app.worker.config).catch(
            onlyFor(UNRESOLVABLE, "", `cannot resolve ${app.worker.config}`),
          );
    if (config === project) mine.push(app);
  }
  return mine;
}
