// The public surface of @samocode/core, named on purpose: what the CLI, the supervisor, the notifier and
// the tests use. The PM2 worker imports its narrower entry points instead (./loop, ./human) to stay small.

// The session folder: its files, its hook and its state machine.
export { writeJsonAtomically } from "./atomic-write.ts";
// Configuration: .samocode, .env and the runtime knobs.
export { type ConfigView, configView } from "./config/config-view.ts";
export { docsPage, projectCommand, samocodeCommand } from "./config/hint-command.ts";
export { type InitProjectReport, initProjectFile } from "./config/init-project-file.ts";
export {
  loadConfig,
  loadMachineConfig,
  type MachineConfig,
  type SamocodeConfig,
} from "./config/load-config.ts";
export {
  PROJECT_ID_MAX,
  type ProjectEntry,
  type ProjectIdentity,
  projectIdentity,
  readProjects,
} from "./config/project-registry.ts";
export type { TelegramConfig } from "./config/runtime-config.ts";
export { MACHINE_KEYS, type UserDirs, userDirs } from "./config/user-dirs.ts";
// samocode doctor, install and review.
export {
  type Check,
  checkFolders,
  checkGit,
  checkGitIdentity,
  checkNode,
  checkProviders,
  checkRepo,
  checkRoot,
  checkTelegram,
} from "./doctor/checks.ts";
export { type BundledPm2, checkPm2OnPath } from "./doctor/pm2-on-path.ts";
export { type Preflight, preflight } from "./doctor/preflight.ts";
// Errors, exit codes, and a lock for shared files.
export { type ErrorCode, isSamocodeError, SamocodeError } from "./errors.ts";
export { EXIT_CODES } from "./exit-codes.ts";
export { withFileLock } from "./file-lock.ts";
// The fleet's daily budget.
export {
  capFor,
  endOfLocalDay,
  FLEET_CAP_FILE,
  FLEET_SUPERVISOR,
  type FleetBudget,
  fleetCapPath,
  fleetSpentOn,
  localDay,
  readFleetBudget,
  readFleetCap,
  type SpendCache,
  writeFleetBudget,
  writeFleetCap,
} from "./fleet/fleet-budget.ts";
// What a human does to a session (CLI and Telegram alike).
export { leaveDecisionIfNone, readDecision } from "./gates/decision-file.ts";
export { checkWait } from "./gates/wait-check.ts";
export { type BranchDiffOutcome, showBranchDiff } from "./git/branch-diff.ts";
// The git adapter.
export { snapshotCheckout } from "./git/checkout-snapshot.ts";
export { mergeBranch } from "./git/merge.ts";
export { checkBranch, resolveBase } from "./git/ref-check.ts";
export { currentBranch } from "./git/repo-info.ts";
export { removeWorktree, sessionWorktreePlace } from "./git/worktree.ts";
export { type AnswerEntry, entriesFromArgs, entriesFromText } from "./human/answer-grammar.ts";
export {
  type ActionEnv,
  type ActionResult,
  answerQuestions,
  decidePlan,
  HUMAN,
  type LoopControl,
  planRefusal,
  resumeSession,
  sendToSession,
  statusLines,
  stopSession,
} from "./human/human-actions.ts";
export {
  binDirFor,
  type CommandChange,
  installCommand,
  isOnPath,
  uninstallCommand,
} from "./install/command-link.ts";
export { INSTALL_PARTS, type InstallPart, type PlannedFile, planInstall } from "./install/install-plan.ts";
export { installOwnedFiles, type SkillChange, uninstallOwnedFiles } from "./install/owned-files.ts";
export { SKILL_TARGETS, type SkillHome, type SkillTarget } from "./install/skill-targets.ts";
export { ioError, ioFailureReason, isErrorCode, onlyFor } from "./io/fs-errors.ts";
// Readable logs.
export { createLogger, type Logger, scrubText } from "./log/logger.ts";
// Running a session's loop.
export { readAttemptGroup } from "./loop/attempt-group.ts";
export { idleText } from "./loop/idle-text.ts";
export {
  acquireLease,
  describeLeaseHolder,
  inspectLease,
  type Lease,
  type LeaseHolder,
  type LeaseVerdict,
  readLeaseHolder,
} from "./loop/lease.ts";
export { checkStall, readStallRecord, writeStallRecord } from "./loop/stall.ts";
export { runExitCode, startSessionLoop } from "./loop/start-loop.ts";
// Provider processes.
export { userPath } from "./provider/agent-env.ts";
export { delay } from "./provider/bounded-wait.ts";
export { findExecutable } from "./provider/find-executable.ts";
export { liveGroupMembers, sweepGroup } from "./provider/process-group.ts";
export { PROVIDER_NAMES, type ProviderName } from "./provider/provider-names.ts";
export { REVIEWERS, type Reviewer, runExternalReview } from "./review/external-review.ts";
export { createSession } from "./session/create-session.ts";
export { type Hook, HookSchema, readHook, type Tokens, updateHook, writeHook } from "./session/hook-file.ts";
export { listPending } from "./session/inbox.ts";
export { type JsonFileResult, readJsonFile } from "./session/json-file.ts";
export { runnerOf } from "./session/loop-runner.ts";
export { newestPlanFile, readPlanText } from "./session/plan-artifact.ts";
export { type QaQuestion, readQa } from "./session/qa-file.ts";
export { openSessionFolder, type SessionFolder } from "./session/session-folders.ts";
export { parseSessionFolderName, validateSessionName } from "./session/session-name.ts";
export { SESSION_FILES, sessionPaths, sessionsRootPaths } from "./session/session-paths.ts";
export { listSessions, resolveSessionRef, type SessionRef } from "./session/session-ref.ts";
export {
  BLOCK_CAUSES,
  block,
  describeState,
  FAIL_CAUSES,
  fail,
  finish,
  isSettled,
  PAUSE_CAUSES,
  pause,
  refusal,
  SESSION_STATES,
  type SessionStateName,
  wait,
  wantsLoop,
} from "./session/session-state.ts";
export { appendHistoryRow, type HistoryRow, readHistory } from "./session/signal-history.ts";
export { STAGING_MAX_AGE_MS, sweepAbandonedStaging } from "./session/staging-sweep.ts";
// Signals.
export { BLOCKED_NEEDS, type BlockedNeed } from "./signals/signal-schema.ts";
export { followSessionLog } from "./views/follow-logs.ts";
export type { LogLine, LogTone } from "./views/log-line.ts";
export { openSessionLog, type SessionLogOptions } from "./views/session-log-view.ts";
export { type SessionView, viewSession } from "./views/session-view.ts";
export { formatIssues } from "./zod-issues.ts";
