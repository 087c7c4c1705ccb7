// Turns the config and a session's hook into the runner's request for one attempt.
import type { SamocodeConfig } from "../config/load-config.ts";
import type { BuiltPrompt } from "../prompt/build-prompt.ts";
import type { ProviderRunRequest } from "../provider/provider-types.ts";
import type { Hook } from "../session/hook-file.ts";

type Extra = Pick<ProviderRunRequest, "logFile" | "signal" | "onEvent" | "onSpawn"> & {
  sessionDir: string;
  cwd: string;
  /** The agent's base environment (provider/agent-env.ts): the user's, not this process's. */
  env: Record<string, string>;
};

export function providerRequest(
  config: SamocodeConfig,
  hook: Hook,
  prompt: BuiltPrompt,
  extra: Extra,
): ProviderRunRequest {
  const runtime = config.runtime;
  const request: ProviderRunRequest = {
    provider: hook.provider,
    prompt: prompt.prompt,
    systemPrompt: prompt.systemPrompt,
    agent: prompt.agentName,
    agents: prompt.agents,
    method: prompt.method,
    cwd: extra.cwd,
    sessionDir: extra.sessionDir,
    sessionName: hook.session,
    timeoutMs: runtime.claude.timeoutMs,
    killGraceMs: runtime.killGraceMs,
    logFile: extra.logFile,
    env: extra.env,
  };
  if (extra.signal) request.signal = extra.signal;
  if (extra.onEvent) request.onEvent = extra.onEvent;
  if (extra.onSpawn) request.onSpawn = extra.onSpawn;
  if (hook.resumeConversationId) request.resumeConversationId = hook.resumeConversationId;
  const model = hook.model ?? undefined;
  switch (hook.provider) {
    case "claude":
      Object.assign(request, {
        executable: runtime.claude.path,
        model: model ?? runtime.claude.model,
        maxTurns: runtime.claude.maxTurns,
      });
      break;
    case "codex": {
      const codexModel = model ?? runtime.codex.model;
      Object.assign(request, { executable: runtime.codex.path, timeoutMs: runtime.codex.timeoutMs });
      if (codexModel) request.model = codexModel;
      if (runtime.codex.reasoningEffort) request.reasoningEffort = runtime.codex.reasoningEffort;
      break;
    }
    case "gemini": {
      const geminiModel = model ?? runtime.gemini.model;
      Object.assign(request, { executable: runtime.gemini.path, timeoutMs: runtime.gemini.timeoutMs });
      if (geminiModel) request.model = geminiModel;
      break;
    }
    case "scripted":
      if (runtime.scripted.scriptPath) request.scriptPath = runtime.scripted.scriptPath;
      break;
  }
  return request;
}
