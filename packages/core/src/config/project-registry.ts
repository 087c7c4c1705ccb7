// The projects samocode knows on this machine (`projects.json` in the user's config folder): where each
// project's `.samocode` is, under a short id of its own — the repo's folder name, made unique here. A list of
// where projects are, never of what their sessions do (that is always read from the session folders).
// `init` and `spawn` add to it; the supervisor reads it to serve every project on the PM2 daemon.
import { mkdir, realpath, rename } from "node:fs/promises";
import { basename, dirname } from "node:path";
import { z } from "zod";
import { writeJsonAtomically } from "../atomic-write.ts";
import { withFileLock } from "../file-lock.ts";
import { onlyFor } from "../io/fs-errors.ts";
import { readJsonFile } from "../session/json-file.ts";
import type { UserDirs } from "./user-dirs.ts";

/** Short enough to leave the session name room in `pm2 monit`'s process column. */
export const PROJECT_ID_MAX = 12;
const PROJECT_ID = /^[a-z0-9][a-z0-9-]*$/;

export const ProjectEntrySchema = z.object({
  id: z
    .string()
    .regex(PROJECT_ID)
    .max(PROJECT_ID_MAX + 4),
  /** The `.samocode`'s real path (symlinks resolved), which identifies the project. */
  config: z.string().min(1),
  addedAt: z.iso.datetime({ offset: true }),
});
export type ProjectEntry = z.infer<typeof ProjectEntrySchema>;

const ProjectsFileSchema = z.object({ projects: z.array(ProjectEntrySchema) });
/** Thousands of projects fit in far less. */
const MAX_PROJECTS_BYTES = 4 * 1024 * 1024;

export type ProjectIdentity = { id: string; config: string };

export type ProjectsRead = { projects: ProjectEntry[]; problem?: string };

/** Every known project; an unreadable list reads as empty, with the problem said once. */
export async function readProjects(user: UserDirs): Promise<ProjectsRead> {
  // Any bytes, size or file type a human leaves there is a problem said once, never a hang or a throw.
  const read = await readJsonFile(user.projectsFile, ProjectsFileSchema, { maxBytes: MAX_PROJECTS_BYTES });
  if (read.ok) return { projects: read.value.projects };
  return read.reason === "missing" ? { projects: [] } : { projects: [], problem: read.message };
}

/**
 * The project of a `.samocode`, added to the list when it is new. A list that cannot be read is moved aside
 * (`projects.json.broken-<time>`) rather than overwritten blind, and started again.
 */
export async function projectIdentity(
  user: UserDirs,
  projectFile: string,
  mainRepo: string,
  now: Date = new Date(),
): Promise<ProjectIdentity> {
  // A `.samocode` that cannot be resolved (gone meanwhile, a link loop) is known by the path given.
  const config = await realpath(projectFile).catch(
    onlyFor(["ENOENT", "ENOTDIR", "ELOOP", "EACCES"], projectFile, `cannot resolve ${projectFile}`),
  );
  const known = (await readProjects(user)).projects.find((entry) => entry.config === config);
  if (known !== undefined) return { id: known.id, config };
  await mkdir(dirname(user.projectsFile), { recursive: true });
  return withFileLock(`${user.projectsFile}.lock`, async () => {
    const read = await readProjects(user);
    if (read.problem !== undefined) await setAside(user.projectsFile, now);
    const again = read.projects.find((entry) => entry.config === config);
    if (again !== undefined) return { id: again.id, config };
    const id = uniqueId(baseProjectId(mainRepo), new Set(read.projects.map((entry) => entry.id)));
    const projects = [...read.projects, { id, config, addedAt: now.toISOString() }];
    await writeJsonAtomically(user.projectsFile, { projects });
    return { id, config };
  });
}

/** The repo's folder name as an id: lower case, letters, digits and dashes, at most PROJECT_ID_MAX long. */
export function baseProjectId(mainRepo: string): string {
  const slug = basename(mainRepo)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+/, "")
    .slice(0, PROJECT_ID_MAX)
    .replace(/-+$/, "");
  return slug === "" ? "project" : slug;
}

function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!taken.has(candidate)) return candidate;
  }
}

async function setAside(path: string, now: Date): Promise<void> {
  try {
    await rename(path, `${path}.broken-${now.getTime()}`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
}
