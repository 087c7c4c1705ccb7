// Reads the scripted provider's own leading flags, then the few real-CLI flags it echoes back (resume id, model).
export const SCRIPT_FORMATS = ["claude", "codex", "gemini"] as const;
export type ScriptFormat = (typeof SCRIPT_FORMATS)[number];

export type Invocation = {
  format: ScriptFormat;
  scriptPath: string | undefined;
  /** The arguments the real CLI would have received, i.e. without our leading `--format`/`--script`. */
  cliArgs: string[];
  resumeId: string | undefined;
  model: string | undefined;
};

export type InvocationResult = { ok: true; invocation: Invocation } | { ok: false; reason: string };

const USAGE = "usage: main.ts --format claude|codex|gemini [--script <file>] [real CLI arguments...]";

function isFormat(value: string | undefined): value is ScriptFormat {
  return SCRIPT_FORMATS.some((format) => format === value);
}

/** Our flags come first (the shims prepend them), so a prompt that happens to say `--format` is left alone. */
export function parseInvocation(argv: readonly string[]): InvocationResult {
  const own = new Map<string, string>();
  let index = 0;
  for (;;) {
    const arg = argv[index];
    const match = arg === undefined ? null : /^--(format|script)(?:=(.*))?$/.exec(arg);
    if (match === null) break;
    const name = match[1] ?? "";
    const value = match[2] ?? argv[index + 1];
    if (value === undefined) return { ok: false, reason: `--${name} needs a value; ${USAGE}` };
    own.set(name, value);
    index += match[2] === undefined ? 2 : 1;
  }
  const format = own.get("format");
  if (!isFormat(format)) {
    const got = format === undefined ? "no --format" : `--format ${format}`;
    return { ok: false, reason: `${got}; ${USAGE}` };
  }
  const cliArgs = argv.slice(index);
  const resumeId = format === "codex" ? codexResumeId(cliArgs) : flagValue(cliArgs, ["--resume", "-r"]);
  const invocation = {
    format,
    scriptPath: own.get("script"),
    cliArgs,
    resumeId,
    model: flagValue(cliArgs, ["--model", "-m"]),
  };
  return { ok: true, invocation };
}

/** `--name value` or `--name=value`; the last occurrence wins, as in the real CLIs' parsers. */
export function flagValue(args: readonly string[], names: readonly string[]): string | undefined {
  let found: string | undefined;
  args.forEach((arg, i) => {
    for (const name of names) {
      if (arg === name) {
        const next = args[i + 1];
        if (next !== undefined && !next.startsWith("-")) found = next;
      } else if (arg.startsWith(`${name}=`)) {
        found = arg.slice(name.length + 1);
      }
    }
  });
  return found;
}

/** `codex exec [flags] resume <id> [prompt]`: the id is the positional after the `resume` subcommand. */
function codexResumeId(args: readonly string[]): string | undefined {
  const at = args.indexOf("resume");
  if (at < 0) return undefined;
  const next = args[at + 1];
  return next !== undefined && !next.startsWith("-") ? next : undefined;
}
