// What every command gets: the cwd, the environment, output, and the config loaded once from the global --config.
import { loadConfig, type SamocodeConfig, SamocodeError, samocodeCommand } from "@samocode/core";

export interface CliIo {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export interface CliContext {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The global `--config` value as typed, if any. */
  configOption(): string | undefined;
  /**
   * The validated config, loaded on first call and reused. A bad config throws a `config` SamocodeError with
   * one problem per line, which main prints as `samocode: <line>` and maps to exit 2. Warnings go to stderr.
   */
  config(): Promise<SamocodeConfig>;
  /**
   * How hints name samocode so they work as printed: `samocode` when this folder finds the project by
   * itself, else `samocode --config <absolute path>`.
   */
  samocode(): Promise<string>;
  /** A line of normal output on stdout. */
  print(line: string): void;
  /** A `samocode: warning: …` line on stderr. */
  warn(line: string): void;
  /** A progress line on stderr, so stdout stays clean for results (`--json`). */
  note(line: string): void;
}

export function createCliContext(io: CliIo, configOption: () => string | undefined): CliContext {
  let loading: Promise<SamocodeConfig> | undefined;
  let command: Promise<string> | undefined;
  const context: CliContext = {
    cwd: io.cwd,
    env: io.env,
    configOption,
    config: () => {
      loading ??= load();
      return loading;
    },
    samocode: () => {
      command ??= context.config().then((config) => samocodeCommand(config, io.cwd));
      return command;
    },
    print: (line) => io.stdout(`${line}\n`),
    warn: (line) => io.stderr(`samocode: warning: ${line}\n`),
    note: (line) => io.stderr(`${line}\n`),
  };
  const load = async (): Promise<SamocodeConfig> => {
    const result = await loadConfig({ configPath: configOption(), cwd: io.cwd, env: io.env });
    if (!result.ok) throw new SamocodeError("config", result.errors.join("\n"));
    for (const warning of result.warnings) context.warn(warning);
    return result.config;
  };
  return context;
}
