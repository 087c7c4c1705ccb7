// Whether another `pm2` on the user's PATH differs from the one samocode ships: driving samocode's daemon
// with it makes PM2 print "In-memory PM2 is out-of-date, do: pm2 update", and `pm2 update` replaces the
// daemon with that other version. Never run here: any `pm2` command, even `--version`, starts a daemon.
import { readFile, realpath } from "node:fs/promises";
import { dirname, join } from "node:path";
import { onlyFor } from "../io/fs-errors.ts";
import { userPath } from "../provider/agent-env.ts";
import { findExecutable } from "../provider/find-executable.ts";
import type { Check } from "./checks.ts";

export type BundledPm2 = { bin: string; version: string };

export async function checkPm2OnPath(
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  bundled: BundledPm2,
): Promise<Check> {
  const name = "pm2 cli";
  const found = await findExecutable("pm2", { PATH: userPath(env) }, cwd);
  const ours = `samocode pm2 … runs PM2 ${bundled.version}`;
  if (found === undefined) return { name, level: "ok", detail: `no other pm2 on PATH; ${ours}` };
  // A path that cannot be resolved (gone, a link loop, unreadable) is compared as it is.
  const real = await realpath(found).catch(
    onlyFor(["ENOENT", "ENOTDIR", "ELOOP", "EACCES"], found, `cannot resolve ${found}`),
  );
  const shipped = await realpath(bundled.bin).catch(
    onlyFor(["ENOENT", "ENOTDIR", "ELOOP", "EACCES"], bundled.bin, `cannot resolve ${bundled.bin}`),
  );
  if (real === shipped) {
    return { name, level: "ok", detail: `${found} is samocode's PM2 ${bundled.version}` };
  }
  const version = await packageVersion(real);
  if (version === bundled.version) return { name, level: "ok", detail: `${found} is PM2 ${version} too` };
  return {
    name,
    level: "warn",
    detail: `${found} is PM2 ${version ?? "of an unknown version"}, samocode's is ${bundled.version}: on samocode's daemon it says "In-memory PM2 is out-of-date", and pm2 update would replace the daemon`,
    fix: `use samocode pm2 … (e.g. samocode pm2 monit), or npm i -g pm2@${bundled.version}`,
  };
}

/** The version in the `pm2` package.json above the resolved binary (`<pkg>/bin/pm2`), if there is one. */
async function packageVersion(binary: string): Promise<string | undefined> {
  for (let dir = dirname(binary), i = 0; i < 3; dir = dirname(dir), i++) {
    const file = join(dir, "package.json");
    // No package file at this level (or not one we may read): look further up.
    const text = await readFile(file, "utf8").catch(
      onlyFor(["ENOENT", "ENOTDIR", "EISDIR", "EACCES"], undefined, `cannot read ${file}`),
    );
    if (text === undefined) continue;
    try {
      const pkg = JSON.parse(text) as { name?: unknown; version?: unknown };
      if (pkg.name === "pm2" && typeof pkg.version === "string") return pkg.version;
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error; // not a package file of ours to read: look further up
    }
  }
  return undefined;
}
