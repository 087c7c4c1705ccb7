// `samocode logs`: what the agent said and did, readable, optionally followed live until Ctrl-C.
import { styleText } from "node:util";
import {
  followSessionLog,
  type LogLine,
  type LogTone,
  openSessionLog,
  type SessionLogOptions,
} from "@samocode/core";
import { type Command, InvalidArgumentError } from "commander";
import type { CliContext } from "../cli-context.ts";
import { resolveSessionArg } from "../session-arg.ts";

type LogsOptions = { follow?: true; raw?: true; iteration?: number };

type Style = Parameters<typeof styleText>[0];

const STYLES: Readonly<Record<LogTone, Style | undefined>> = {
  header: ["bold", "cyan"],
  text: undefined,
  tool: "yellow",
  result: "green",
  error: ["bold", "red"],
  warning: "yellow",
  worker: "magenta",
  dim: "gray",
  raw: undefined,
};

export function registerLogsCommand(program: Command, context: CliContext): void {
  program
    .command("logs")
    .description(
      "show what the agent says and does (text, tool calls, results, errors) and the worker's events",
    )
    .argument("<session>", "the session (name or folder)")
    .option("-f, --follow", "keep printing new lines as they are written, until the loop ends (or Ctrl-C)")
    .option("--raw", "the provider's JSON lines exactly as written (no headers, no worker events)")
    .option("--iteration <n>", "only this iteration's attempts and events", parseIteration)
    .action(async (ref: string, options: LogsOptions) => {
      const session = await resolveSessionArg(context, ref);
      const viewOptions: SessionLogOptions = {
        ...(options.raw ? { raw: true } : {}),
        ...(options.iteration === undefined ? {} : { iteration: options.iteration }),
      };
      // Colours only on a terminal; styleText checks the stream, NO_COLOR and FORCE_COLOR itself.
      const print = (line: LogLine) => {
        const style = options.raw ? undefined : STYLES[line.tone];
        context.print(
          style === undefined ? line.text : styleText(style, line.text, { stream: process.stdout }),
        );
      };
      if (options.follow) return follow(session.dir, viewOptions, print);
      const log = await openSessionLog(session.dir, viewOptions);
      let count = 0;
      const counted = (line: LogLine) => {
        count += 1;
        print(line);
      };
      await log.readNew(counted);
      log.flush(counted);
      if (count === 0)
        context.note(`${session.id}: nothing logged yet${options.iteration ? " for that iteration" : ""}`);
    });
}

async function follow(
  dir: string,
  options: SessionLogOptions,
  print: (line: LogLine) => void,
): Promise<void> {
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    await followSessionLog(dir, { ...options, signal: stop.signal, untilLoopEnds: true }, print);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}

function parseIteration(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(n) || n < 1) {
    throw new InvalidArgumentError("expected a whole number ≥ 1");
  }
  return n;
}
