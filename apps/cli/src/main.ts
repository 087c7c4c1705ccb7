#!/usr/bin/env -S node --max-semi-space-size=1 --disable-optimizing-compilers
// Entry of the `samocode` CLI: parse, run one command, and map every outcome to an exit code.
//
// The node flags above are the PM2 worker's (WORKER_NODE_ARGS): `samocode run` idles at gates like a worker,
// and a one-shot command loads no faster without them. scripts/dev.sh and the benchmarks read them from here.
import { enableCompileCache } from "node:module";
import type { ErrorCode } from "@samocode/core";

// Before anything else is loaded: V8's compiled code for the ~600 modules a command loads is kept on disk
// (os.tmpdir()/node-compile-cache; NODE_DISABLE_COMPILE_CACHE=1 turns it off): 50–70 ms off every start,
// for ~2 MB more resident while a `samocode run` idles (the PM2 worker, resident per session, goes without).
// Quiet by design: when the cache cannot be used, nothing changes.
enableCompileCache();
const [{ CommanderError }, { EXIT_CODES, ioFailureReason, isSamocodeError }, { createProgram }] =
  await Promise.all([import("commander"), import("@samocode/core"), import("./program.ts")]);

const EXIT_BY_ERROR_CODE: Partial<Record<ErrorCode, number>> = {
  usage: EXIT_CODES.usage,
  config: EXIT_CODES.usage,
  // A command refused because a file or folder cannot be used (a full disk, a permission, a bad folder).
  io: EXIT_CODES.usage,
  "lease-held": EXIT_CODES.leaseHeld,
};

// A reader that went away (`samocode status | head`) is not an error worth a stack trace.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(0);
  throw error;
});

async function main(argv: string[]): Promise<number> {
  try {
    // Everything after `pm2` is PM2's own, `--version` and `--help` included, which commander would take
    // for samocode's (commands/pm2.ts lists it in the help).
    if (argv[2] === "pm2") return await (await import("@samocode/supervisor")).runPm2Cli(argv.slice(3));
    await createProgram().parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version arrive here with exitCode 0; usage errors were already printed by commander.
      return error.exitCode === 0 ? 0 : EXIT_CODES.usage;
    }
    if (isSamocodeError(error)) {
      for (const line of error.message.split("\n")) process.stderr.write(`samocode: ${line}\n`);
      return EXIT_BY_ERROR_CODE[error.code] ?? 1;
    }
    // A filesystem error no command turned into words (ENOSPC, EACCES…): one line naming the path.
    const io = ioFailureReason(error);
    if (io !== undefined) {
      process.stderr.write(`samocode: ${io}\n`);
      return EXIT_CODES.usage;
    }
    process.stderr.write(`samocode: unexpected error (a bug; please report it):\n${describe(error)}\n`);
    return 1;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

process.exitCode = await main(process.argv);
