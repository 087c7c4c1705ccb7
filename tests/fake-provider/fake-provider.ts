// Test helpers for the scripted fake provider: its PATH shims, script files, and one-shot runs of a shim.
import { readFile, writeFile } from "node:fs/promises";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";

/** Put this first on PATH and `claude`, `codex` and `gemini` are the scripted provider. */
export const FAKE_PROVIDER_BIN = fileURLToPath(new URL("./bin", import.meta.url));

export const FAKE_CLIS = ["claude", "codex", "gemini"] as const;
export type FakeCli = (typeof FAKE_CLIS)[number];

export type Env = Record<string, string | undefined>;

/** `base` with the shims first on PATH. */
export function withFakeProviders(base: Env = process.env): Env {
  return { ...base, PATH: [FAKE_PROVIDER_BIN, base.PATH ?? ""].join(delimiter) };
}

/** Writes a script (YAML when the name ends in .yaml/.yml and `script` is a string, else JSON). */
export async function writeScript(dir: string, script: unknown, name = "script.json"): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, typeof script === "string" ? script : JSON.stringify(script, null, 2));
  return path;
}

export type FakeRun = {
  exitCode: number | undefined;
  stdout: string;
  stderr: string;
  events: Record<string, unknown>[];
};

export function parseEvents(stdout: string): Record<string, unknown>[] {
  return stdout
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** Runs a shim to the end with stdin closed, the way the runner does, and parses its event lines (all must be whole). */
export async function runFakeCli(
  cli: FakeCli,
  options: { cwd: string; script?: string; args?: string[]; env?: Env },
): Promise<FakeRun> {
  const env = withFakeProviders({ ...process.env, ...options.env });
  if (options.script !== undefined) env.SAMOCODE_SCRIPT = options.script;
  const result = await execa(cli, options.args ?? ["-p", "prompt"], {
    cwd: options.cwd,
    env,
    extendEnv: false,
    stdin: "ignore",
    reject: false,
  });
  return {
    exitCode: result.exitCode,
    stdout: result.stdout,
    stderr: result.stderr,
    events: parseEvents(result.stdout),
  };
}

/** The JSON lines `SAMOCODE_SCRIPT_RECORD` collected, one per invocation. */
export async function readRecords(file: string): Promise<Record<string, unknown>[]> {
  return parseEvents(await readFile(file, "utf8"));
}
