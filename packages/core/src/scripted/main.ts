// Entry of the scripted provider: impersonates claude/codex/gemini by playing one run of a script.
import { randomUUID } from "node:crypto";
import { resolve } from "node:path";
import { createEventFormat } from "./formats.ts";
import { parseInvocation } from "./invocation.ts";
import { playRun } from "./player.ts";
import { recordInvocation } from "./recorder.ts";
import { chooseRun } from "./run-state.ts";
import { loadScript } from "./script-file.ts";
import type { ScriptRun } from "./script-schema.ts";
import { SCRIPTED_EXIT_CODES } from "./scripted-program.ts";
import { writeChunk } from "./stream-writer.ts";

type Env = Readonly<Record<string, string | undefined>>;

async function fail(code: number, reason: string, issues: readonly string[] = []): Promise<number> {
  const lines = [`scripted provider: ${reason}`, ...issues.map((issue) => `  ${issue}`)];
  await writeChunk(process.stderr, `${lines.join("\n")}\n`);
  return code;
}

function scriptedInitId(run: ScriptRun): string | undefined {
  for (const step of run) if (step.kind === "init" && step.arg !== null) return step.arg.id;
  return undefined;
}

/** What `<cli> --version` prints: samocode's preflight and `doctor` ask before any session run. */
const VERSIONS = {
  claude: "2.1.329 (Claude Code, scripted)",
  codex: "codex-cli 0.171.0 (scripted)",
  gemini: "0.40.0 (scripted)",
} as const;

async function main(argv: readonly string[], env: Env): Promise<number> {
  const parsed = parseInvocation(argv);
  // Answered before anything is recorded or played: a version probe is not a run of the script.
  if (parsed.ok && parsed.invocation.cliArgs.length === 1 && parsed.invocation.cliArgs[0] === "--version") {
    await writeChunk(process.stdout, `${VERSIONS[parsed.invocation.format]}\n`);
    return 0;
  }
  if (env.SAMOCODE_SCRIPT_RECORD) {
    const fields = parsed.ok
      ? { argv: parsed.invocation.cliArgs, format: parsed.invocation.format }
      : { argv: [...argv], format: undefined };
    await recordInvocation(env.SAMOCODE_SCRIPT_RECORD, fields);
  }
  if (!parsed.ok) return fail(SCRIPTED_EXIT_CODES.badScript, parsed.reason);
  const { invocation } = parsed;
  const scriptArg = invocation.scriptPath ?? env.SAMOCODE_SCRIPT;
  if (!scriptArg)
    return fail(SCRIPTED_EXIT_CODES.badScript, "no script: set SAMOCODE_SCRIPT or pass --script");
  const cwd = process.cwd();
  const scriptPath = resolve(cwd, scriptArg);
  const loaded = await loadScript(scriptPath);
  if (!loaded.ok) return fail(SCRIPTED_EXIT_CODES.badScript, loaded.reason, loaded.issues);
  const selection = await chooseRun(loaded.script, scriptPath, env);
  if (!selection.ok) return fail(SCRIPTED_EXIT_CODES.badScript, selection.reason);
  const format = createEventFormat(invocation.format, {
    sessionId: invocation.resumeId ?? scriptedInitId(selection.run) ?? randomUUID(),
    cwd,
    model: invocation.model,
    cliArgs: invocation.cliArgs,
    now: Date.now,
    randomId: randomUUID,
  });
  const context = { format, cwd, sessionDir: env.SAMOCODE_SESSION_DIR, stdout: process.stdout };
  return playRun(selection.run, { ...context, stderr: process.stderr });
}

try {
  process.exit(await main(process.argv.slice(2), process.env));
} catch (error) {
  const message = error instanceof Error ? error.message : String(error);
  process.exit(await fail(SCRIPTED_EXIT_CODES.stepFailed, message));
}
