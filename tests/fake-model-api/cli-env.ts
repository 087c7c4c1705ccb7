// Points the real claude and codex CLIs at a fake model API: offline, no retries, temp homes only.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { FakeModelApi } from "./fake-model-api.ts";

const TESTS_DIR = dirname(dirname(fileURLToPath(import.meta.url)));
export const REAL_CLAUDE = join(TESTS_DIR, "node_modules", ".bin", "claude");
export const REAL_CODEX = join(TESTS_DIR, "node_modules", ".bin", "codex");

/** Models the CLIs know: Claude prices it (cost > 0); Codex has metadata for it and offers apply_patch. */
export const CLAUDE_TEST_MODEL = "claude-sonnet-4-5";
export const CODEX_TEST_MODEL = "gpt-5.5";
export const CODEX_PROVIDER_ID = "samofake";

/** A clean base env: no proxy may catch loopback traffic, no user config or credentials leak in. */
function baseEnv(home: string): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: home,
    LANG: "C.UTF-8",
    // Codex prints a usage limit's reset as local wall-clock time: the CLI must share our time zone.
    ...(process.env.TZ === undefined ? {} : { TZ: process.env.TZ }),
    NO_PROXY: "127.0.0.1,localhost",
    no_proxy: "127.0.0.1,localhost",
  };
}

/**
 * Claude Code: the API key is never checked by the fake; CLAUDE_CODE_MAX_RETRIES=0 makes an API error end
 * the run at once. `sandbox` adds IS_SANDBOX=1 (exactly "1"), which --dangerously-skip-permissions needs as
 * root: set it when driving claude directly; leave it out through runProvider, which must add it itself.
 */
export async function claudeEnv(
  api: FakeModelApi,
  home: string,
  options: { sandbox?: boolean } = {},
): Promise<Record<string, string>> {
  const configDir = join(home, ".claude");
  await mkdir(configDir, { recursive: true });
  return {
    ...baseEnv(home),
    CLAUDE_CONFIG_DIR: configDir,
    ANTHROPIC_BASE_URL: api.url,
    ANTHROPIC_API_KEY: "sk-ant-fake-key-for-loopback",
    ...(options.sandbox ? { IS_SANDBOX: "1" } : {}),
    CLAUDE_CODE_MAX_RETRIES: "0",
    DISABLE_AUTOUPDATER: "1",
    DISABLE_TELEMETRY: "1",
    DISABLE_ERROR_REPORTING: "1",
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
  };
}

/** The custom provider as one TOML inline table; both retry knobs at 0 (they multiply: (1+r)·(1+s) requests). */
export function codexProviderToml(baseUrl: string): string {
  return `{ name = "${CODEX_PROVIDER_ID}", base_url = "${baseUrl}/v1", wire_api = "responses", request_max_retries = 0, stream_max_retries = 0 }`;
}

/** `-c` overrides for driving codex directly (the runner cannot add flags, it uses config.toml instead). */
export function codexConfigArgs(api: FakeModelApi): string[] {
  return [
    "-c",
    `model_provider=${CODEX_PROVIDER_ID}`,
    "-c",
    `model_providers.${CODEX_PROVIDER_ID}=${codexProviderToml(api.url)}`,
  ];
}

/** Codex: a temp CODEX_HOME whose config.toml selects the fake provider, so ~/.codex is never read. */
export async function codexEnv(
  api: FakeModelApi,
  home: string,
  baseUrl: string = api.url,
): Promise<Record<string, string>> {
  const codexHome = join(home, ".codex");
  await mkdir(codexHome, { recursive: true });
  const config = [
    `model_provider = "${CODEX_PROVIDER_ID}"`,
    `model_providers.${CODEX_PROVIDER_ID} = ${codexProviderToml(baseUrl)}`,
    "",
  ].join("\n");
  await writeFile(join(codexHome, "config.toml"), config);
  return { ...baseEnv(home), CODEX_HOME: codexHome };
}
