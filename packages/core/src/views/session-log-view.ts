// A session's whole log made readable: every attempt in run order, the worker's own events placed among
// them by time, and — for `logs -f` — whatever is appended to any of those files afterwards.
import { stat } from "node:fs/promises";
import { basename } from "node:path";
import { SamocodeError } from "../errors.ts";
import type { ProviderName } from "../provider/provider-names.ts";
import { readHook } from "../session/hook-file.ts";
import { isErrorCode } from "../session/json-file.ts";
import { sessionPaths } from "../session/session-paths.ts";
import { type AttemptLogFile, listAttemptLogs, parseAttemptLogName } from "./attempt-log-files.ts";
import { createFileTail, type FileTail } from "./file-tail.ts";
import { type LogLine, line } from "./log-line.ts";
import { type AttemptView, attemptHeader, createAttemptView, guessProvider } from "./log-view.ts";
import type { PathContext } from "./render-event.ts";
import { renderWorkerLogLine, type WorkerLogEntry } from "./worker-log-view.ts";

export type SessionLogOptions = {
  /** The provider JSON lines exactly as written: no headers, no worker events (for jq and friends). */
  raw?: boolean;
  /** Only this iteration's attempts and the worker events that name it. */
  iteration?: number;
  /** Overrides the hook's provider (e.g. for a session whose hook is unreadable). */
  provider?: ProviderName;
};

export type LogEmit = (line: LogLine) => void;

export type SessionLog = {
  /** Everything written so far; worker events go before the first attempt that ended after them. */
  readExisting: (emit: LogEmit) => Promise<void>;
  /** What was appended to one file of `_logs/` since it was last read; other files are ignored. */
  readAppended: (path: string, emit: LogEmit) => Promise<void>;
  /** Unfinished last lines, shown when nothing more will be read. */
  flush: (emit: LogEmit) => void;
};

type AttemptState = { file: AttemptLogFile; tail: FileTail; view: AttemptView | undefined };

export async function openSessionLog(
  sessionDir: string,
  options: SessionLogOptions = {},
): Promise<SessionLog> {
  const paths = sessionPaths(sessionDir);
  const hook = await readHook(sessionDir);
  const provider = options.provider ?? (hook.ok ? hook.hook.provider : undefined);
  const context: PathContext = { sessionDir, worktree: hook.ok ? hook.hook.worktree : undefined };
  const attempts = new Map<string, AttemptState>();
  const worker = createFileTail(paths.workerLog);
  const raw = options.raw === true;
  const wanted = (iteration: number | undefined) =>
    options.iteration === undefined || iteration === options.iteration;

  const attemptLine = (state: AttemptState, text: string, emit: LogEmit): void => {
    if (raw) {
      emit(line("raw", text));
      return;
    }
    state.view ??= createAttemptView(provider ?? guessProvider([text]), context);
    for (const rendered of state.view(text)) emit(rendered);
  };
  const track = (file: AttemptLogFile, emit: LogEmit): AttemptState => {
    const state = { file, tail: createFileTail(file.path), view: undefined };
    attempts.set(file.path, state);
    if (!raw) emit(attemptHeader(file));
    return state;
  };
  const readWorker = async (onEntry: (entry: WorkerLogEntry) => void): Promise<void> => {
    if (raw) return;
    await worker.readNew((text) => {
      const entry = renderWorkerLogLine(text);
      if (entry !== undefined && wanted(entry.iteration)) onEntry(entry);
    });
  };

  return {
    readExisting: async (emit) => {
      const files = (await listAttemptLogs(paths.logs)).filter((file) => wanted(file.iteration));
      const pending: WorkerLogEntry[] = [];
      await readWorker((entry) => pending.push(entry));
      const placed = placeByTime(pending);
      for (const file of files) {
        const endedAt = await modifiedAt(file.path);
        for (const entry of placed.takeUntil(endedAt)) emit(entry.line);
        const state = track(file, emit);
        await state.tail.readNew((text) => attemptLine(state, text, emit));
      }
      for (const entry of placed.rest()) emit(entry.line);
    },
    readAppended: async (path, emit) => {
      if (path === paths.workerLog) return readWorker((entry) => emit(entry.line));
      const parsed = parseAttemptLogName(basename(path));
      if (parsed === undefined || !wanted(parsed.iteration)) return;
      const state = attempts.get(path) ?? track({ ...parsed, path }, emit);
      await state.tail.readNew((text) => attemptLine(state, text, emit));
    },
    flush: (emit) => {
      for (const state of attempts.values()) {
        const rest = state.tail.flush();
        if (rest !== undefined) attemptLine(state, rest, emit);
      }
      const rest = raw ? undefined : worker.flush();
      const entry = rest === undefined ? undefined : renderWorkerLogLine(rest);
      if (entry !== undefined) emit(entry.line);
    },
  };
}

/** Entries in file order; an entry without a timestamp travels with the one before it. */
function placeByTime(entries: WorkerLogEntry[]) {
  let next = 0;
  let lastAt = Number.NEGATIVE_INFINITY;
  return {
    takeUntil(at: number): WorkerLogEntry[] {
      const taken: WorkerLogEntry[] = [];
      for (; next < entries.length; next += 1) {
        const entry = entries[next] as WorkerLogEntry;
        const entryAt = entry.at ?? lastAt;
        if (entryAt > at) break;
        lastAt = entryAt;
        taken.push(entry);
      }
      return taken;
    },
    rest: () => entries.slice(next),
  };
}

/** When the attempt's stream last grew: the worker logs an iteration as applied only after that. */
async function modifiedAt(path: string): Promise<number> {
  const stats = await stat(path).catch((error: unknown) => {
    if (isErrorCode(error, "ENOENT")) return undefined; // removed since it was listed
    throw new SamocodeError("io", `cannot stat ${path}`, { cause: error });
  });
  return stats?.mtimeMs ?? Number.POSITIVE_INFINITY;
}
