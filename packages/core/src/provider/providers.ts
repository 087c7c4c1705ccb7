// Which definition drives which provider name; adding a CLI means one file plus one line here.
import { claudeProvider } from "./claude-provider.ts";
import { codexProvider } from "./codex-provider.ts";
import { geminiProvider } from "./gemini-provider.ts";
import type { ProviderDefinition } from "./provider-definition.ts";
import type { ProviderName } from "./provider-names.ts";
import { scriptedProvider } from "./scripted-provider.ts";

export const PROVIDERS: Readonly<Record<ProviderName, ProviderDefinition>> = {
  claude: claudeProvider,
  codex: codexProvider,
  gemini: geminiProvider,
  scripted: scriptedProvider,
};
