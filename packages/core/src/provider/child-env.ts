// The provider's environment: ours minus the markers a parent agent CLI leaves, plus the session it works for.

/**
 * Set by an agent CLI for the commands it runs (found in claude-code 2.1.x's and codex-cli 0.169's binaries
 * and gemini-cli's shell tool). If samocode itself runs under an agent, a child CLI seeing them would
 * believe it is nested (claude changes its auth, history and IDE behaviour on CLAUDECODE). Anything else,
 * e.g. ANTHROPIC_BASE_URL, proxies or CODEX_HOME, passes through: users point the CLIs at gateways that way.
 */
export const PARENT_AGENT_VARIABLES = [
  "CLAUDECODE",
  "CLAUDE_CODE_ENTRYPOINT",
  "CLAUDE_CODE_SSE_PORT",
  "CLAUDE_CODE_SESSION_ID",
  "CLAUDE_CODE_LAUNCHED_BY_SESSION_IDS",
  "CLAUDE_CODE_CHILD_SESSION",
  "CLAUDE_CODE_CHILD_NOTES_DIR",
  "CLAUDE_CODE_SESSION_ATTENDED",
  "CLAUDE_CODE_CHROME_MCP_ORG_DENIED",
  "CLAUDE_CODE_EVAL_INTERVIEW_SESSION",
  "CLAUDE_CODE_BRIDGE_SESSION_ID",
  "CLAUDE_CODE_HOST_WORKTREE",
  "CLAUDE_CODE_HOST_WORKTREE_FENCE",
  "CLAUDE_CODE_EXECPATH",
  "CLAUDE_CODE_INVOKED_SKILLS",
  "CLAUDE_PID",
  "CLAUDE_EFFORT",
  "CLAUDE_PROJECT_DIR",
  "AI_AGENT",
  "CODEX_SANDBOX",
  "CODEX_SANDBOX_NETWORK_DISABLED",
  "CODEX_THREAD_ID",
  "CODEX_MANAGED_PACKAGE_ROOT",
  "CODEX_MANAGED_BY_NPM",
  "CODEX_MANAGED_BY_BUN",
  "CODEX_MANAGED_BY_PNPM",
  "CODEX_MANAGED_BY_VITE_PLUS",
  "GEMINI_CLI",
] as const;

export interface ChildEnvInput {
  base: NodeJS.ProcessEnv;
  sessionName: string;
  sessionDir: string;
  /** The provider's own additions (IS_SANDBOX, SAMOCODE_SCRIPT, ...). */
  extra: Record<string, string>;
}

export function buildChildEnv({
  base,
  sessionName,
  sessionDir,
  extra,
}: ChildEnvInput): Record<string, string> {
  return {
    ...withoutParentAgent(base),
    ...extra,
    SAMOCODE_SESSION: sessionName,
    SAMOCODE_SESSION_DIR: sessionDir,
  };
}

/** `base` with only defined values and without the parent agents' markers (also for `--version` probes). */
export function withoutParentAgent(
  base: Readonly<Record<string, string | undefined>>,
): Record<string, string> {
  const scrubbed = new Set<string>(PARENT_AGENT_VARIABLES);
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) {
    if (value !== undefined && !scrubbed.has(key)) env[key] = value;
  }
  return env;
}
