// Where the prompt assets live: workflow.md, agents/ and the signal schema ship at the repository root.
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

export type Assets = { root: string; workflow: string; agentsDir: string; signalSchema: string };

export const ASSETS: Assets = {
  root: ROOT,
  workflow: `${ROOT}workflow.md`,
  agentsDir: `${ROOT}agents`,
  signalSchema: `${ROOT}docs/signal.schema.json`,
};
