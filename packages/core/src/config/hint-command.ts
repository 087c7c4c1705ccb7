// How every printed hint names samocode, so the hint works as printed: `samocode` (the command on PATH)
// when the folder the user ran it from finds this project by itself, else `samocode --config <absolute
// path>`, which works from any folder. Issue 14: the demo's hints left out --config, and worked nowhere else.

import { ASSETS } from "../prompt/assets.ts";
import { shellWord } from "../shell-word.ts";
import { findProjectFile } from "./find-project-file.ts";
import type { SamocodeConfig } from "./load-config.ts";

export async function samocodeCommand(
  config: Pick<SamocodeConfig, "projectFile">,
  cwd: string,
): Promise<string> {
  // The walk up from the cwd alone: SAMOCODE_CONFIG may be unset in the shell the hint is pasted into.
  const found = await findProjectFile({ cwd, env: {} });
  if (found.ok && found.path === config.projectFile) return "samocode";
  return `samocode --config ${shellWord(config.projectFile)}`;
}

/** For text kept in the session (a reason in the hook), read later from anywhere: always with --config. */
export function projectCommand(config: Pick<SamocodeConfig, "projectFile">): string {
  return `samocode --config ${shellWord(config.projectFile)}`;
}

/** A page of samocode's docs by its absolute path, readable from wherever the hint is printed. */
export function docsPage(name: string): string {
  return `${ASSETS.root}docs/${name}`;
}
