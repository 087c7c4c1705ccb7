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

type Settings = {
  raw: boolean;
  /** undefined: the hook could not say; each file's first line decides. */
  provider: ProviderName | undefined;
  paths: PathContext;
  wanted: (iteration: number | undefined) => boolean;
};

export async function openSessionLog(
  sessionDir: string,
  options: SessionLogOptions = {},
): Promise<SessionLog> {
  const paths = sessionPaths(sessionDir);
  const hook = await readHook(sessionDir);
  const settings: Settings = {
    raw: options.raw === true,
    provider: options.provider ?? (hook.ok ? hook.hook.provider : undefined),
    paths: { sessionDir, worktree: hook.ok ? hook.hook.worktree : undefined },
    wanted: (iteration) => options.iteration === undefined || iteration === options.iteration,
  };
  const attempts = attemptSource(settings);
  const worker = workerSource(paths.workerLog, settings);
  return {
    readExisting: async (emit) => {
      const files = (await listAttemptLogs(paths.logs)).filter((file) => settings.wanted(file.iteration));
      const pending: WorkerLogEntry[] = [];
      await worker.read((entry) => pending.push(entry));
      const placed = placeByTime(pending);
      for (const file of files) {
        for (const entry of placed.takeUntil(await modifiedAt(file.path))) emit(entry.line);
        await attempts.read(file, emit);
      }
      for (const entry of placed.rest()) emit(entry.line);
    },
    readAppended: async (path, emit) => {
      if (path === paths.workerLog) return worker.read((entry) => emit(entry.line));
      const parsed = parseAttemptLogName(basename(path));
      if (parsed !== undefined && settings.wanted(parsed.iteration))
        await attempts.read({ ...parsed, path }, emit);
    },
    flush: (emit) => {
      attempts.flush(emit);
      worker.flush(emit);
    },
  };
}

type AttemptState = { tail: FileTail; view: AttemptView | undefined };

/** Every attempt file met so far, each with its own tail and its own (stateful) parser. */
function attemptSource(settings: Settings) {
  const attempts = new Map<string, AttemptState>();
  const show = (state: AttemptState, text: string, emit: LogEmit): void => {
    if (settings.raw) {
      emit(line("raw", text));
      return;
    }
    state.view ??= createAttemptView(settings.provider ?? guessProvider([text]), settings.paths);
    for (const rendered of state.view(text)) emit(rendered);
  };
  return {
    read: async (file: AttemptLogFile, emit: LogEmit): Promise<void> => {
      let state = attempts.get(file.path);
      if (state === undefined) {
        state = { tail: createFileTail(file.path), view: undefined };
        attempts.set(file.path, state);
        if (!settings.raw) emit(attemptHeader(file));
      }
      const current = state;
      await current.tail.readNew((text) => show(current, text, emit));
    },
    flush: (emit: LogEmit): void => {
      for (const state of attempts.values()) {
        const rest = state.tail.flush();
        if (rest !== undefined) show(state, rest, emit);
      }
    },
  };
}

/** `worker.log`, rendered; left out entirely in raw mode (it is not the provider's stream). */
function workerSource(path: string, settings: Settings) {
  const tail = createFileTail(path);
  return {
    read: async (onEntry: (entry: WorkerLogEntry) => void): Promise<void> => {
      if (settings.raw) return;
      await tail.readNew((text) => {
        const entry = renderWorkerLogLine(text);
        if (entry !== undefined && settings.wanted(entry.iteration)) onEntry(entry);
      });
    },
    flush: (emit: LogEmit): void => {
      const rest = settings.raw ? undefined : tail.flush();
      const entry = rest === undefined ? undefined : renderWorkerLogLine(rest);
      if (entry !== undefined && settings.wanted(entry.iteration)) emit(entry.line);
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
