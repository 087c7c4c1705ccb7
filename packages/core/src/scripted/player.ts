// Plays one run of a script: each step's events in the chosen format and its real effects, in order.
import type { Writable } from "node:stream";
import { SamocodeError } from "../errors.ts";
import type { EventFormat } from "./event-format.ts";
import type { ScriptRun, ScriptStep } from "./script-schema.ts";
import {
  appendScriptedFile,
  commitInCwd,
  expandPlaceholders,
  hangForever,
  ignoreSigterm,
  type Placeholders,
  runCommand,
  sleep,
  spawnGrandchild,
  writeScriptedFile,
} from "./step-effects.ts";
import { eventLine, floodLines, writeChunk, writeEvents } from "./stream-writer.ts";

export type PlayerContext = {
  format: EventFormat;
  cwd: string;
  sessionDir: string | undefined;
  stdout: Writable;
  stderr: Writable;
};

const FLOOD_TEXT = "flood ".repeat(1300);

/** Returns the exit code: the one an `exit` step gives, else 0 at the end of the run. */
export async function playRun(run: ScriptRun, context: PlayerContext): Promise<number> {
  const placeholders: Placeholders = { cwd: context.cwd, session: context.sessionDir };
  for (const [index, step] of run.entries()) {
    try {
      const expanded = { ...step, arg: expandPlaceholders(step.arg, placeholders) } as ScriptStep;
      const exitCode = await playStep(expanded, context);
      if (exitCode !== undefined) return exitCode;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new SamocodeError("provider", `step ${index + 1} (${step.kind}) failed: ${message}`, {
        cause: error,
      });
    }
  }
  return 0;
}

async function playStep(step: ScriptStep, context: PlayerContext): Promise<number | undefined> {
  const { format, stdout } = context;
  switch (step.kind) {
    case "init":
      return emit(stdout, format.init());
    case "say":
      return emit(stdout, format.say(step.arg));
    case "tool": {
      const { name, input, output } = step.arg;
      return emit(stdout, format.tool({ kind: "call", name, input, output }));
    }
    case "write": {
      const content = step.arg.text ?? `${JSON.stringify(step.arg.json, null, 2)}\n`;
      const written = await writeScriptedFile(context.cwd, step.arg.path, content);
      return emit(stdout, format.tool({ kind: "write", content, ...written }));
    }
    case "append":
      await appendScriptedFile(context.cwd, step.arg.path, step.arg.text);
      return undefined;
    case "commit":
      await commitInCwd(context.cwd, step.arg.message, step.arg.add);
      return undefined;
    case "run": {
      const { output } = await runCommand(context.cwd, step.arg.command, step.arg.env);
      const input = { command: step.arg.command.join(" ") };
      return emit(stdout, format.tool({ kind: "call", name: "Bash", input, output }));
    }
    case "sleep":
      await sleep(step.arg);
      return undefined;
    case "result":
      return emit(stdout, format.result(step.arg));
    case "error":
      return emit(stdout, format.error(step.arg));
    default:
      return playProcessStep(step, context);
  }
}

/** Steps about the process itself and its streams rather than about the conversation. */
async function playProcessStep(step: ScriptStep, context: PlayerContext): Promise<number | undefined> {
  switch (step.kind) {
    case "partial":
      await writeChunk(context.stdout, step.arg);
      return undefined;
    case "flood":
      await floodLines(context.stdout, step.arg.bytes, () =>
        context.format.say(FLOOD_TEXT).map(eventLine).join(""),
      );
      return undefined;
    case "grandchild":
      await spawnGrandchild(step.arg.seconds);
      return undefined;
    case "ignore-sigterm":
      ignoreSigterm();
      return undefined;
    case "hang":
      return hangForever();
    case "stderr":
      await writeChunk(context.stderr, `${step.arg}\n`);
      return undefined;
    case "exit":
      return step.arg;
    default:
      throw new SamocodeError("internal", `step "${step.kind}" has no player`);
  }
}

async function emit(stdout: Writable, events: Parameters<typeof writeEvents>[1]): Promise<undefined> {
  await writeEvents(stdout, events);
  return undefined;
}
