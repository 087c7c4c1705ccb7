// Where the prompt assets live: workflow.md, agents/ and the signal schema ship at the repository root.
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

export const ASSETS = {
  root: ROOT,
  workflow: `${ROOT}workflow.md`,
  agentsDir: `${ROOT}agents`,
  signalSchema: `${ROOT}docs/signal.schema.json`,
} as const;
