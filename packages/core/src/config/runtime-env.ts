// Lays the real environment over the optional `.env` beside `.samocode` and validates the knobs into a RuntimeConfig.
import { configErrorLine, nearestKey } from "./config-error-line.ts";
import { readConfigText } from "./config-text.ts";
import type { ConfigEnv } from "./find-project-file.ts";
import { type KeyValueEntry, parseKeyValueText } from "./key-value-file.ts";
import { type RuntimeConfig, resolveRuntimePaths, toRuntimeConfig } from "./runtime-config.ts";
import { OTHER_SAMOCODE_ENV, RUNTIME_ENV_KEYS, RuntimeEnvSchema } from "./runtime-env-schema.ts";

/** The merged environment plus where each value came from, for error lines. */
export interface LayeredEnv {
  values: Readonly<Record<string, string>>;
  sourceOf(key: string): string;
  /** Keys that came from the `.env` file rather than the real environment. */
  fromFile: ReadonlySet<string>;
}

export type EnvFileResult = { ok: true; entries: KeyValueEntry[] } | { ok: false; errors: string[] };

/** A missing `.env` is fine and reads as empty. */
export async function readEnvFile(path: string): Promise<EnvFileResult> {
  const text = await readConfigText(path);
  if (!text.ok) return text.missing ? { ok: true, entries: [] } : { ok: false, errors: [text.reason] };
  return parseKeyValueText(text.text, path);
}

/** One KEY=VALUE file laid under the environment: the project's `.env`, the user's machine-wide config. */
export type EnvLayer = { file: string; entries: readonly KeyValueEntry[] };

/**
 * Later layers win over earlier ones, and the real environment wins over every file, even when it sets a key
 * to the empty string.
 */
export function layerEnv(layers: readonly EnvLayer[], env: ConfigEnv): LayeredEnv {
  const values: Record<string, string> = {};
  const origin = new Map<string, string>();
  for (const layer of layers) {
    for (const entry of layer.entries) {
      values[entry.key] = entry.value;
      origin.set(entry.key, `${layer.file}:${entry.line}`);
    }
  }
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    values[key] = value;
    origin.delete(key);
  }
  return {
    values,
    fromFile: new Set(origin.keys()),
    sourceOf: (key) => origin.get(key) ?? "the environment",
  };
}

/**
 * Splits a file's entries into those it may set and warnings for the rest: a project's `.env` may not set
 * the machine-wide keys, the user's config file may set only those.
 */
export function keepOwnKeys(
  layer: EnvLayer,
  own: (key: string) => boolean,
  why: string,
): { layer: EnvLayer; warnings: string[] } {
  const kept = layer.entries.filter((entry) => own(entry.key));
  const warnings = layer.entries
    .filter((entry) => !own(entry.key))
    .map((entry) => `${entry.key} in ${layer.file}:${entry.line} is ignored: ${why}`);
  return { layer: { file: layer.file, entries: kept }, warnings };
}

export type RuntimeEnvResult =
  | { ok: true; runtime: RuntimeConfig; warnings: string[] }
  | { ok: false; errors: string[] };

/** An empty value means "not set": the default applies. Relative paths are relative to `baseDir`. */
export function parseRuntimeEnv(layered: LayeredEnv, baseDir: string, home: string): RuntimeEnvResult {
  const input: Record<string, string> = {};
  for (const key of RUNTIME_ENV_KEYS) {
    const value = layered.values[key];
    if (value !== undefined && value !== "") input[key] = value;
  }
  const problem = (key: string, expected: string) =>
    configErrorLine({ key, value: input[key], source: layered.sourceOf(key), expected });
  const errors: string[] = [];
  const parsed = RuntimeEnvSchema.safeParse(input);
  if (!parsed.success) {
    const keys = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
    const byKey = (key: string) => parsed.error.issues.find((issue) => issue.path[0] === key)?.message ?? "";
    for (const key of keys) errors.push(problem(key, byKey(key)));
  }
  if ((input.TELEGRAM_BOT_TOKEN === undefined) !== (input.TELEGRAM_CHAT_ID === undefined)) {
    const missing = input.TELEGRAM_BOT_TOKEN === undefined ? "TELEGRAM_BOT_TOKEN" : "TELEGRAM_CHAT_ID";
    const other = missing === "TELEGRAM_BOT_TOKEN" ? "TELEGRAM_CHAT_ID" : "TELEGRAM_BOT_TOKEN";
    errors.push(`${missing} is not set: expected it alongside ${other} (set both for Telegram, or neither)`);
  }
  if (!parsed.success || errors.length > 0) return { ok: false, errors };
  const paths = resolveRuntimePaths(parsed.data, baseDir, home, problem);
  if (!paths.ok) return { ok: false, errors: paths.errors };
  return {
    ok: true,
    runtime: toRuntimeConfig(parsed.data, paths.values),
    warnings: unknownKeyWarnings(layered),
  };
}

/**
 * Likely typos of a knob in `.env`, and unknown SAMOCODE_* names anywhere, are warned about; other keys in
 * `.env` are simply passed on (users point the provider CLIs at proxies with them).
 */
function unknownKeyWarnings(layered: LayeredEnv): string[] {
  const known = new Set<string>([...RUNTIME_ENV_KEYS, ...OTHER_SAMOCODE_ENV]);
  const warnings: string[] = [];
  for (const key of Object.keys(layered.values).sort()) {
    if (known.has(key)) continue;
    const suggestion = nearestKey(key, RUNTIME_ENV_KEYS);
    const ours = layered.fromFile.has(key) && key.startsWith("SAMOCODE_");
    if (suggestion === undefined && !ours) continue;
    const hint = suggestion === undefined ? "see docs/configuration.md" : `did you mean ${suggestion}?`;
    warnings.push(`${key} in ${layered.sourceOf(key)} is not a samocode setting and is ignored; ${hint}`);
  }
  return warnings;
}
