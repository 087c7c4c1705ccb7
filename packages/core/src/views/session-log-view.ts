// A session's whole log made readable: every attempt in run order, the worker's own events placed among
// them, and — for `logs -f` and the PM2 worker's stdout — whatever was written since the last read.
// Issue 14: with quick iterations `logs -f` printed "iteration applied" before the iteration's last tool
// calls (file events arrive in any order), so every read takes everything new from every file at once.
import { stat } from "node:fs/promises";
import { SamocodeError } from "../errors.ts";
import type { ProviderName } from "../provider/provider-names.ts";
import { readHook } from "../session/hook-file.ts";
import { isErrorCode } from "../session/json-file.ts";
import { sessionPaths } from "../session/session-paths.ts";
import { type AttemptLogFile, listAttemptLogs } from "./attempt-log-files.ts";
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
  /**
   * Everything written since the last read (all of it, the first time), in order: attempts in run order,
   * each worker event before the first attempt that ended after it — and never before an attempt of the
   * iteration it names, which it reports on.
   */
  readNew: (emit: LogEmit) => Promise<void>;
  /** Moves past everything written so far without showing it. */
  skipExisting: () => Promise<void>;
  /** Unfinished last lines, shown when nothing more will be read. */
  flush: (emit: LogEmit) => void;
  /** How many times a loop ended, and whether the last loop event read says it did (no loop writes now). */
  loopEnds: () => { count: number; ended: boolean };
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
  const listed = async () =>
    (await listAttemptLogs(paths.logs)).filter((file) => settings.wanted(file.iteration));
  return {
    readNew: async (emit) => {
      const pending = placeByRules(await worker.read());
      const files = await listed();
      for (const [index, file] of files.entries()) {
        if (attempts.isClosed(file)) continue;
        for (const entry of pending.takeBefore(file, await modifiedAt(file.path))) emit(entry.line);
        await attempts.read(file, emit);
        // Only the newest attempt can still grow: one loop runs one attempt at a time.
        if (index < files.length - 1) attempts.close(file);
      }
      for (const entry of pending.rest()) emit(entry.line);
    },
    skipExisting: async () => {
      await worker.skip();
      for (const file of await listed()) await attempts.skip(file);
    },
    flush: (emit) => {
      attempts.flush(emit);
      worker.flush(emit);
    },
    loopEnds: () => worker.loopEnds(),
  };
}

type AttemptState = { tail: FileTail; view: AttemptView | undefined; closed: boolean };

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
  const stateOf = (file: AttemptLogFile, emit?: LogEmit): AttemptState => {
    let state = attempts.get(file.path);
    if (state === undefined) {
      state = { tail: createFileTail(file.path), view: undefined, closed: false };
      attempts.set(file.path, state);
      if (emit !== undefined && !settings.raw) emit(attemptHeader(file));
    }
    return state;
  };
  return {
    read: async (file: AttemptLogFile, emit: LogEmit): Promise<void> => {
      const state = stateOf(file, emit);
      await state.tail.readNew((text) => show(state, text, emit));
    },
    /** Known, and read to its end: nothing more is written to it. */
    isClosed: (file: AttemptLogFile): boolean => attempts.get(file.path)?.closed === true,
    close: (file: AttemptLogFile): void => {
      const state = attempts.get(file.path);
      if (state !== undefined) state.closed = true;
    },
    skip: async (file: AttemptLogFile): Promise<void> => {
      await stateOf(file).tail.skip();
    },
    flush: (emit: LogEmit): void => {
      for (const state of attempts.values()) {
        const rest = state.tail.flush();
        if (rest !== undefined) show(state, rest, emit);
      }
    },
  };
}

/** `worker.log`, rendered; left out of the output in raw mode (it is not the provider's stream). */
function workerSource(path: string, settings: Settings) {
  const tail = createFileTail(path);
  const loop = { count: 0, ended: false };
  const note = (entry: WorkerLogEntry | undefined): void => {
    if (entry?.message === "loop started") loop.ended = false;
    if (entry?.message === "loop ended") {
      loop.ended = true;
      loop.count += 1;
    }
  };
  return {
    read: async (): Promise<WorkerLogEntry[]> => {
      const entries: WorkerLogEntry[] = [];
      await tail.readNew((text) => {
        const entry = renderWorkerLogLine(text);
        note(entry);
        if (entry !== undefined && !settings.raw && settings.wanted(entry.iteration)) entries.push(entry);
      });
      return entries;
    },
    skip: () => tail.skip(),
    flush: (emit: LogEmit): void => {
      const rest = tail.flush();
      const entry = rest === undefined ? undefined : renderWorkerLogLine(rest);
      note(entry);
      if (entry !== undefined && !settings.raw && settings.wanted(entry.iteration)) emit(entry.line);
    },
    loopEnds: () => ({ ...loop }),
  };
}

/**
 * Entries in file order, each taken before an attempt only when it was written before that attempt's last
 * write and does not report on that attempt's iteration (or a later one); an entry without a timestamp
 * travels with the one before it.
 */
function placeByRules(entries: WorkerLogEntry[]) {
  let next = 0;
  let lastAt = Number.NEGATIVE_INFINITY;
  return {
    takeBefore(file: AttemptLogFile, modified: number): WorkerLogEntry[] {
      const taken: WorkerLogEntry[] = [];
      for (; next < entries.length; next += 1) {
        const entry = entries[next] as WorkerLogEntry;
        const entryAt = entry.at ?? lastAt;
        if (entryAt > modified || reportsOnOrAfter(entry, file)) break;
        lastAt = entryAt;
        taken.push(entry);
      }
      return taken;
    },
    rest: () => entries.slice(next),
  };
}

/**
 * An entry about attempt A (or, without one, iteration N) follows that attempt's stream; only the replay
 * of an interrupted attempt (a numbered copy of its file) may come after it.
 */
function reportsOnOrAfter(entry: WorkerLogEntry, file: AttemptLogFile): boolean {
  if (entry.attempt !== undefined)
    return entry.attempt > file.attempt || (entry.attempt === file.attempt && file.copy === 1);
  return entry.iteration !== undefined && entry.iteration >= file.iteration;
}

/** When the attempt's stream last grew: the worker logs an iteration as applied only after that. */
async function modifiedAt(path: string): Promise<number> {
  const stats = await stat(path).catch((error: unknown) => {
    if (isErrorCode(error, "ENOENT")) return undefined; // removed since it was listed
    throw new SamocodeError("io", `cannot stat ${path}`, { cause: error });
  });
  return stats?.mtimeMs ?? Number.POSITIVE_INFINITY;
}
