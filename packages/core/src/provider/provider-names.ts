// The provider CLIs samocode can drive; `scripted` replays a script instead of calling a model.

export const PROVIDER_NAMES = ["claude", "codex", "gemini", "scripted"] as const;
export type ProviderName = (typeof PROVIDER_NAMES)[number];
