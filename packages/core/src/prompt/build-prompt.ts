// Assembles one iteration's prompts: workflow + session context as system prompt, the phase agent
// (with the role layered over it) as the agent, this iteration's news as the user prompt, and the method
// skills the agent calls (the plugin for claude, their text for the other CLIs).
import { readFile } from "node:fs/promises";
import { loadMethodPlugin } from "../method/method-plugin.ts";
import { renderMethodPrompt } from "../method/method-prompt.ts";
import type { Phase } from "../phases/phase-names.ts";
import type { AgentDefinition, MethodForRun } from "../provider/provider-types.ts";
import { type AgentFile, readAgentFile } from "./agent-files.ts";
import { ASSETS } from "./assets.ts";
import { fillTemplate } from "./template.ts";

export const ROLES = ["solo", "coordinator", "worker"] as const;
export type Role = (typeof ROLES)[number];

export type InboxItem = { id: string; from: string; body: string; sentAt: string };

export type PromptInput = {
  session: string;
  sessionDir: string;
  worktree: string;
  branch: string;
  mainRepo: string;
  parent?: string | undefined;
  role: Role;
  phase: Phase;
  iteration: number;
  attempt: number;
  inbox: readonly InboxItem[];
  handoff?: { reason: string; state: unknown } | undefined;
  /** Things the loop must tell the agent: no signal last time, an interrupted attempt, gate results… */
  notes: readonly string[];
  now?: Date;
};

export type BuiltPrompt = {
  systemPrompt: string;
  prompt: string;
  agentName: string;
  agents: Record<string, AgentDefinition>;
  method: MethodForRun;
};

export type BuildPromptResult = { ok: true; built: BuiltPrompt } | { ok: false; errors: string[] };

export async function buildPrompt(input: PromptInput, assets = ASSETS): Promise<BuildPromptResult> {
  const values = templateValues(input, assets.signalSchema);
  const phaseAgent = await readAgentFile(assets.agentsDir, input.phase);
  const roleAgent = input.role === "solo" ? undefined : await readAgentFile(assets.agentsDir, input.role);
  const errors = [phaseAgent, roleAgent].flatMap((r) => (r && !r.ok ? r.errors : []));
  if (!phaseAgent.ok || (roleAgent && !roleAgent.ok) || errors.length > 0) return { ok: false, errors };
  const role = roleAgent?.ok ? roleAgent.agent : undefined;
  const method = await methodFor(assets.pluginDir, [phaseAgent.agent, ...(role ? [role] : [])]);
  if (!method.ok) return method;
  const workflow = fillTemplate(await readFile(assets.workflow, "utf8"), values, assets.workflow);
  const agent = layer(phaseAgent.agent, role, values);
  return {
    ok: true,
    built: {
      systemPrompt: `${workflow.trim()}\n\n${sessionContext(input)}`,
      prompt: iterationPrompt(input),
      agentName: agent.name,
      agents: { [agent.name]: agent.definition },
      method: method.method,
    },
  };
}

/** A skill an agent names but the plugin lacks is a broken prompt, caught before any provider runs. */
async function methodFor(
  pluginDir: string,
  agents: readonly AgentFile[],
): Promise<{ ok: true; method: MethodForRun } | { ok: false; errors: string[] }> {
  const loaded = await loadMethodPlugin(pluginDir);
  if (!loaded.ok) return loaded;
  const known = new Set(loaded.plugin.skills.map((skill) => skill.name));
  const errors = agents.flatMap((agent) =>
    (agent.skills ?? [])
      .filter((name) => !known.has(name))
      .map((name) => `${agent.file}: names the skill "${name}", which ${pluginDir}/skills does not have`),
  );
  if (errors.length > 0) return { ok: false, errors };
  const rendered = renderMethodPrompt(loaded.plugin, [...new Set(agents.flatMap((a) => a.skills ?? []))]);
  if (!rendered.ok) return rendered;
  return { ok: true, method: { pluginDir, promptText: rendered.text } };
}

function layer(phase: AgentFile, role: AgentFile | undefined, values: Record<string, string>) {
  const phaseText = fillTemplate(phase.instructions, values, phase.file);
  const roleText = role ? fillTemplate(role.instructions, values, role.file) : undefined;
  const definition: AgentDefinition = {
    description: role ? `${phase.description} ${role.description}` : phase.description,
    prompt: roleText ? `${phaseText}\n\n${roleText}` : phaseText,
  };
  const tools = phase.tools ?? role?.tools;
  const model = phase.model ?? role?.model;
  if (tools) definition.tools = tools;
  if (model) definition.model = model;
  return { name: role ? `${phase.name}-${role.name.replace(/^samocode-/, "")}` : phase.name, definition };
}

function templateValues(input: PromptInput, signalSchemaPath: string): Record<string, string> {
  const now = input.now ?? new Date();
  const stamp = `${pad(now.getMonth() + 1)}-${pad(now.getDate())}-${pad(now.getHours())}${pad(now.getMinutes())}`;
  return {
    session: input.session,
    sessionDir: input.sessionDir,
    worktree: input.worktree,
    branch: input.branch,
    mainRepo: input.mainRepo,
    parent: input.parent ?? "(none)",
    signalSchemaPath,
    artifactExample: `${stamp}-plan-${input.session.replace(/^\d\d-\d\d-\d\d-/, "")}.md`,
  };
}

function sessionContext(input: PromptInput): string {
  return [
    "## This session",
    `- Session: ${input.session} (role: ${input.role}${input.parent ? `, coordinator: ${input.parent}` : ""})`,
    `- Phase: ${input.phase}`,
    `- Iteration: ${input.iteration} (attempt ${input.attempt})`,
  ].join("\n");
}

function iterationPrompt(input: PromptInput): string {
  const parts = [
    `Run iteration ${input.iteration} of session ${input.session}, phase ${input.phase}. Start by reading ` +
      `${input.sessionDir}/_hook.json and ${input.sessionDir}/_overview.md. End by writing ` +
      `${input.sessionDir}/_signal.json.`,
  ];
  if (input.notes.length > 0)
    parts.push(`## Notes from samocode\n${input.notes.map((n) => `- ${n}`).join("\n")}`);
  if (input.handoff) {
    parts.push(
      `## Handoff from the previous context\nReason: ${input.handoff.reason}\n` +
        `State:\n\`\`\`json\n${JSON.stringify(input.handoff.state, null, 2)}\n\`\`\``,
    );
  }
  if (input.inbox.length > 0) {
    const messages = input.inbox.map((m) => `### From ${m.from} at ${m.sentAt} (id ${m.id})\n${m.body}`);
    parts.push(`## Inbox\n${messages.join("\n\n")}`);
  }
  return parts.join("\n\n");
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
