// Asks a provider CLI for its version (`--version`), bounded in time; for `samocode doctor` and the
// preflight of a new session, with the environment its real runs get.
import { execa } from "execa";
import { withoutParentAgent } from "./child-env.ts";

export type VersionProbe = { ok: true; version: string } | { ok: false; reason: string };

/** `env`: the agent's base environment (agent-env.ts); the probe sees what a run would, minus the session. */
export async function providerVersion(
  executable: string,
  env: Readonly<Record<string, string | undefined>>,
  timeoutMs = 15_000,
): Promise<VersionProbe> {
  const result = await execa(executable, ["--version"], {
    reject: false,
    stdin: "ignore",
    timeout: timeoutMs,
    env: { ...withoutParentAgent(env), NO_COLOR: "1" },
    extendEnv: false,
  });
  if (result.failed || result.exitCode !== 0) {
    const code = (result as { code?: string }).code;
    if (code === "ENOENT") return { ok: false, reason: `${executable} was not found on PATH` };
    const said = (result.stderr || result.stdout || result.shortMessage || "").trim().split("\n")[0] ?? "";
    return { ok: false, reason: `\`${executable} --version\` failed: ${said}` };
  }
  return { ok: true, version: result.stdout.trim().split("\n")[0] ?? "" };
}
