// Picks the event format of the CLI being impersonated.
import { createClaudeFormat } from "./claude-format.ts";
import { createCodexFormat } from "./codex-format.ts";
import type { EventFormat, FormatContext } from "./event-format.ts";
import { createGeminiFormat } from "./gemini-format.ts";
import type { ScriptFormat } from "./invocation.ts";

const FACTORIES: Record<ScriptFormat, (context: FormatContext) => EventFormat> = {
  claude: createClaudeFormat,
  codex: createCodexFormat,
  gemini: createGeminiFormat,
};

export function createEventFormat(format: ScriptFormat, context: FormatContext): EventFormat {
  return FACTORIES[format](context);
}
