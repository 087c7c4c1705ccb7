// The `scripted` provider: our own script player run with this Node, speaking claude's stream format.
import { SCRIPTED_MAIN } from "../scripted/scripted-program.ts";
import { buildClaudeInvocation, createClaudeParser } from "./claude-provider.ts";
import type { Invocation, InvocationContext, ProviderDefinition } from "./provider-definition.ts";
import type { ProviderRunRequest } from "./provider-types.ts";

/** The claude argv is passed along unchanged: the player ignores it but honours `--resume <id>`. */
export function buildScriptedInvocation(request: ProviderRunRequest, context: InvocationContext): Invocation {
  const claude = buildClaudeInvocation(request, context);
  const head = [SCRIPTED_MAIN, "--format", "claude"];
  return {
    ...claude,
    command: process.execPath,
    args: [...head, ...claude.args],
    display: [...head, ...claude.display],
    env: {
      ...claude.env,
      ...(request.scriptPath === undefined ? {} : { SAMOCODE_SCRIPT: request.scriptPath }),
    },
  };
}

export const scriptedProvider: ProviderDefinition = {
  defaultExecutable: process.execPath,
  buildInvocation: buildScriptedInvocation,
  createParser: createClaudeParser,
};
