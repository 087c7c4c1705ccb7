#!/usr/bin/env node
import { EXIT_CODES, isSamocodeError } from "@samocode/core";
// Entry of the `samocode` CLI: parse, run one command, map errors to exit codes.
import { CommanderError } from "commander";
import { createProgram } from "./program.ts";

async function main(argv: string[]): Promise<number> {
  const program = createProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version arrive here with exitCode 0; usage errors were already printed.
      return error.exitCode === 0 ? 0 : EXIT_CODES.usage;
    }
    if (isSamocodeError(error)) {
      process.stderr.write(`samocode: ${error.message}\n`);
      return error.code === "config" || error.code === "usage" ? EXIT_CODES.usage : 1;
    }
    throw error;
  }
}

process.exitCode = await main(process.argv);
