// `samocode review --with <cli>`: another agent CLI reviews a session's branch headless, in its worktree,
// bounded by that CLI's timeout. Its final message becomes a quality-review artifact in the session folder
// and what it cost becomes a row of `_external_costs.jsonl`.
import { join } from "node:path";
import type { SamocodeConfig } from "../config/load-config.ts";
import { SamocodeError } from "../errors.ts";
import { runGit } from "../git/git-command.ts";
import { ASSETS } from "../prompt/assets.ts";
import { agentBaseEnv } from "../provider/agent-env.ts";
import { findExecutable } from "../provider/find-executable.ts";
import type { ProviderRunRequest, ProviderRunResult } from "../provider/provider-types.ts";
import { runProvider } from "../provider/run-provider.ts";
import { appendExternalCost } from "../session/external-cost-file.ts";
import { type Hook, readHook } from "../session/hook-file.ts";
import { sessionPaths } from "../session/session-paths.ts";
import { writeReviewArtifact } from "./review-artifact.ts";
import { type ReviewBrief, renderReviewBrief } from "./review-brief.ts";

/** The agent CLIs that can review; `scripted` cannot (the tests put it on PATH under these names). */
export const REVIEWERS = ["claude", "codex", "gemini"] as const;
export type Reviewer = (typeof REVIEWERS)[number];

export type ExternalReviewInput = {
  config: SamocodeConfig;
  sessionDir: string;
  reviewer: Reviewer;
  /** The ref the change is reviewed against; default: the session's base. */
  base?: string | undefined;
  /** Default: the reviewer CLI's own timeout (CLAUDE_TIMEOUT, CODEX_TIMEOUT, GEMINI_TIMEOUT). */
  timeoutMs?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Called once the reviewer's CLI is about to start (not when it is missing). */
  onStart?: (() => void) | undefined;
  now?: () => Date;
};

/**
 * reviewed: the artifact (a file name in the session folder) holds the findings; not-installed: the CLI is
 * not on PATH, nothing ran; failed: it ran but left no review (error, timeout, cancel, empty answer).
 */
export type ExternalReviewOutcome =
  | { kind: "reviewed"; reviewer: Reviewer; artifact: string; run: ProviderRunResult }
  | { kind: "not-installed"; reviewer: Reviewer; reason: string }
  | { kind: "failed"; reviewer: Reviewer; reason: string; run: ProviderRunResult };

/** Problems with the session or the base are the caller's (SamocodeError "usage"); outcomes are values. */
export async function runExternalReview(input: ExternalReviewInput): Promise<ExternalReviewOutcome> {
  const { config, sessionDir, reviewer } = input;
  const cli = cliSettings(config, reviewer);
  const hook = await sessionHook(sessionDir);
  // The reviewer runs like the session's own agent: with its user's PATH, not samocode's toolchain.
  const env = await agentBaseEnv(config, sessionDir);
  const executable = await findExecutable(cli.path, env, hook.worktree);
  if (executable === undefined) {
    return {
      kind: "not-installed",
      reviewer,
      reason: `${reviewer} is not installed (${cli.path} not found on PATH)`,
    };
  }
  const now = input.now ?? (() => new Date());
  const brief = await reviewBrief(hook, sessionDir, reviewer, input.base);
  const request = reviewRequest(config, hook, sessionDir, {
    reviewer,
    executable,
    env,
    prompt: await renderReviewBrief(brief),
    timeoutMs: input.timeoutMs ?? cli.timeoutMs,
    logFile: join(sessionPaths(sessionDir).logs, `review-${compactStamp(now())}-${reviewer}.jsonl`),
    signal: input.signal,
  });
  input.onStart?.();
  const run = await runProvider(request);
  const text = run.finalText?.trim() ?? "";
  const reviewed = run.kind === "exited" && run.exitCode === 0 && !run.isError && text !== "";
  const artifact = reviewed ? await writeReviewArtifact(sessionDir, { brief, run, text, at: now() }) : null;
  await appendExternalCost(sessionDir, {
    source: "review",
    provider: reviewer,
    costUsd: run.costUsd ?? null,
    tokens: run.tokens,
    durationMs: run.durationMs,
    outcome: run.kind,
    artifact,
  });
  if (artifact !== null) return { kind: "reviewed", reviewer, artifact, run };
  return { kind: "failed", reviewer, reason: failureReason(reviewer, run, text), run };
}

function cliSettings(config: SamocodeConfig, reviewer: Reviewer) {
  const runtime = config.runtime;
  switch (reviewer) {
    case "claude":
      return { path: runtime.claude.path, model: runtime.claude.model, timeoutMs: runtime.claude.timeoutMs };
    case "codex":
      return { path: runtime.codex.path, model: runtime.codex.model, timeoutMs: runtime.codex.timeoutMs };
    case "gemini":
      return { path: runtime.gemini.path, model: runtime.gemini.model, timeoutMs: runtime.gemini.timeoutMs };
  }
}

type ReviewedHook = Hook & { worktree: string };

async function sessionHook(sessionDir: string): Promise<ReviewedHook> {
  const read = await readHook(sessionDir);
  if (!read.ok) throw new SamocodeError("usage", `cannot review ${sessionDir}: ${read.message}`);
  const { hook } = read;
  if (hook.worktree === null) {
    throw new SamocodeError("usage", `session ${hook.session} has no worktree yet: nothing to review`);
  }
  return { ...hook, worktree: hook.worktree };
}

/** Both ends resolved to commits now, so the artifact says exactly what was reviewed. */
async function reviewBrief(
  hook: ReviewedHook,
  sessionDir: string,
  reviewer: Reviewer,
  baseOption: string | undefined,
): Promise<ReviewBrief> {
  const base = baseOption ?? hook.baseRef;
  if (base === null || base.trim() === "") {
    throw new SamocodeError("usage", `session ${hook.session} records no base ref: pass --base <ref>`);
  }
  const [baseCommit, head] = await Promise.all([
    commitOf(hook.worktree, base),
    commitOf(hook.worktree, "HEAD"),
  ]);
  if (baseCommit === undefined) {
    throw new SamocodeError("usage", `base "${base}" is not a commit in ${hook.worktree}`);
  }
  if (head === undefined) throw new SamocodeError("usage", `${hook.worktree} has no commit to review`);
  return {
    reviewer,
    session: hook.session,
    sessionDir,
    worktree: hook.worktree,
    branch: hook.branch ?? "(detached)",
    base,
    baseCommit,
    head,
  };
}

async function commitOf(worktree: string, ref: string): Promise<string | undefined> {
  const result = await runGit(worktree, [
    "rev-parse",
    "--verify",
    "--quiet",
    "--end-of-options",
    `${ref}^{commit}`,
  ]);
  return result.ok ? result.stdout.trim() : undefined;
}

type RunSettings = {
  reviewer: Reviewer;
  executable: string;
  env: Record<string, string>;
  prompt: string;
  timeoutMs: number;
  logFile: string;
  signal: AbortSignal | undefined;
};

function reviewRequest(config: SamocodeConfig, hook: ReviewedHook, sessionDir: string, run: RunSettings) {
  const model = cliSettings(config, run.reviewer).model;
  const request: ProviderRunRequest = {
    provider: run.reviewer,
    executable: run.executable,
    prompt: run.prompt,
    systemPrompt: "",
    method: { pluginDir: ASSETS.pluginDir, promptText: "" },
    cwd: hook.worktree,
    sessionDir,
    sessionName: hook.session,
    timeoutMs: run.timeoutMs,
    killGraceMs: config.runtime.killGraceMs,
    logFile: run.logFile,
    env: run.env,
  };
  if (model !== undefined) request.model = model;
  if (run.reviewer === "claude") request.maxTurns = config.runtime.claude.maxTurns;
  if (run.reviewer === "codex" && config.runtime.codex.reasoningEffort) {
    request.reasoningEffort = config.runtime.codex.reasoningEffort;
  }
  if (run.signal) request.signal = run.signal;
  return request;
}

function failureReason(reviewer: Reviewer, run: ProviderRunResult, text: string): string {
  const log = `(log: ${run.logFile})`;
  switch (run.kind) {
    case "failed":
      return `${reviewer} could not be started: ${run.reason}`;
    case "timed-out":
      return `${reviewer} did not finish within its timeout; no review written ${log}`;
    case "cancelled":
      return `${reviewer} was stopped before it finished; no review written ${log}`;
    case "exited": {
      if (run.exitCode === 0 && !run.isError && text === "") {
        return `${reviewer} ended without a final message; no review written ${log}`;
      }
      const said = run.errorMessage ?? run.stderrTail.trim().split("\n").at(-1) ?? "";
      return `${reviewer} exited ${run.exitCode ?? run.signal}${said ? `: ${said}` : ""}; no review written ${log}`;
    }
  }
}

/** `YYMMDD-HHMMSS`, for log names that sort and never collide within a second. */
function compactStamp(date: Date): string {
  const two = (value: number) => String(value).padStart(2, "0");
  const day = `${two(date.getFullYear() % 100)}${two(date.getMonth() + 1)}${two(date.getDate())}`;
  return `${day}-${two(date.getHours())}${two(date.getMinutes())}${two(date.getSeconds())}`;
}
