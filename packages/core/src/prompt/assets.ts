// Where the prompt assets live: workflow.md, agents/, the method plugin and the signal schema ship at the
// repository root.
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

export type Assets = {
  root: string;
  workflow: string;
  agentsDir: string;
  /** The Claude Code plugin with the method's skills and reviewer agents (`claude --plugin-dir`). */
  pluginDir: string;
  signalSchema: string;
};

export const ASSETS: Assets = {
  root: ROOT,
  workflow: `${ROOT}workflow.md`,
  agentsDir: `${ROOT}agents`,
  pluginDir: `${ROOT}plugin`,
  signalSchema: `${ROOT}docs/signal.schema.json`,
};
