// Asks a provider CLI for its version (`--version`), bounded in time; for `samocode doctor`.
import { execa } from "execa";

export type VersionProbe = { ok: true; version: string } | { ok: false; reason: string };

export async function providerVersion(executable: string, timeoutMs = 15_000): Promise<VersionProbe> {
  const result = await execa(executable, ["--version"], {
    reject: false,
    stdin: "ignore",
    timeout: timeoutMs,
    env: { NO_COLOR: "1" },
  });
  if (result.failed || result.exitCode !== 0) {
    const code = (result as { code?: string }).code;
    if (code === "ENOENT") return { ok: false, reason: `${executable} was not found on PATH` };
    const said = (result.stderr || result.stdout || result.shortMessage || "").trim().split("\n")[0] ?? "";
    return { ok: false, reason: `\`${executable} --version\` failed: ${said}` };
  }
  return { ok: true, version: result.stdout.trim().split("\n")[0] ?? "" };
}
