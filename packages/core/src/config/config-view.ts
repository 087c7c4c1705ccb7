// What of a loaded config may be shown or logged: everything but the environment, with secrets hidden.
import { HIDDEN_VALUE } from "./config-error-line.ts";
import type { SamocodeConfig } from "./load-config.ts";

export type ConfigView = Omit<SamocodeConfig, "env">;

/** `env` is left out because it carries the whole process environment, API keys included. */
export function configView(config: SamocodeConfig): ConfigView {
  const { env: _env, ...view } = config;
  const telegram = view.runtime.telegram;
  return {
    ...view,
    runtime: {
      ...view.runtime,
      telegram: telegram === undefined ? undefined : { ...telegram, botToken: HIDDEN_VALUE },
    },
  };
}
