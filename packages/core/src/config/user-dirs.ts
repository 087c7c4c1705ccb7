// The user's own samocode folders, shared by every project on this machine (XDG base directories): the
// config folder holds the machine-wide settings (`config`) and the list of known projects (`projects.json`);
// the state folder holds what the fleet shares across projects — the supervisor's log and Telegram state,
// the daily budget's verdict and raise, the provider slots.
import { isAbsolute, join } from "node:path";
import { homeFrom } from "./expand-path.ts";

export type UserDirs = {
  /** `$XDG_CONFIG_HOME/samocode`, else `~/.config/samocode`. */
  config: string;
  /** `$XDG_STATE_HOME/samocode`, else `~/.local/state/samocode`. */
  state: string;
  /** KEY=VALUE like `.env`: the settings that count across all projects (MACHINE_KEYS). */
  configFile: string;
  /** Where projects are (their `.samocode`), never what their sessions do. */
  projectsFile: string;
  /** SAMOCODE_MAX_CONCURRENT's provider slots and their queue, shared by every project. */
  slots: string;
};

export function userDirs(env: Readonly<Record<string, string | undefined>>): UserDirs {
  const home = homeFrom(env);
  // The XDG spec says a relative value is invalid and must be ignored.
  const base = (key: string, fallback: string) => {
    const value = env[key];
    return value !== undefined && isAbsolute(value) ? value : join(home, fallback);
  };
  const config = join(base("XDG_CONFIG_HOME", ".config"), "samocode");
  const state = join(base("XDG_STATE_HOME", ".local/state"), "samocode");
  return {
    config,
    state,
    configFile: join(config, "config"),
    projectsFile: join(config, "projects.json"),
    slots: join(state, "slots"),
  };
}

/**
 * The settings that belong to the machine, not to a project: the machine's capacity, the user's spend per
 * day, and the one Telegram bot (one poller per token). They come from the user config file and the
 * environment; a project's `.env` cannot set them.
 */
export const MACHINE_KEYS = [
  "SAMOCODE_MAX_CONCURRENT",
  "SAMOCODE_FLEET_BUDGET_USD",
  "TELEGRAM_BOT_TOKEN",
  "TELEGRAM_CHAT_ID",
  "TELEGRAM_API_ROOT",
] as const;

export function isMachineKey(key: string): boolean {
  return (MACHINE_KEYS as readonly string[]).includes(key);
}
