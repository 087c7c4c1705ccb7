// Writes docs/signal.schema.json from the signal zod schema; `--check` only reports drift (exit 1).
import { readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  renderSignalJsonSchema,
  SIGNAL_JSON_SCHEMA_PATH,
} from "../packages/core/src/signals/signal-json-schema.ts";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const target = join(root, SIGNAL_JSON_SCHEMA_PATH);
const wanted = renderSignalJsonSchema();

if (process.argv.includes("--check")) {
  const current = await readFile(target, "utf8").catch(() => "");
  if (current !== wanted) {
    console.error(`${SIGNAL_JSON_SCHEMA_PATH} is out of date; run \`pnpm gen:schema\``);
    process.exitCode = 1;
  } else {
    console.log(`${SIGNAL_JSON_SCHEMA_PATH} is up to date`);
  }
} else {
  await writeFile(target, wanted);
  console.log(`wrote ${SIGNAL_JSON_SCHEMA_PATH}`);
}
