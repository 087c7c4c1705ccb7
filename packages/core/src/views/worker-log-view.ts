// Renders the worker's own winston JSON lines (`_logs/worker.log`): iterations applied, decisions, stops.
import { isObject } from "../provider/stream-json.ts";
import { clipLine, type LogLine, line } from "./log-line.ts";

export type WorkerLogEntry = {
  line: LogLine;
  /** Epoch ms of the entry, for placing it among the attempts; undefined when the line has no timestamp. */
  at: number | undefined;
  /** The iteration the entry is about, when it names one (`iteration applied`, warnings of an attempt). */
  iteration: number | undefined;
  /** The attempt it is about, when it names one (the hook's attempt counter, as in the log file names). */
  attempt: number | undefined;
  /** The entry's message as logged ("loop started", "loop ended", …); undefined for a line that is not JSON. */
  message: string | undefined;
};

const RESERVED = new Set(["level", "message", "timestamp"]);
/** What a reader scans for, shown first when present; the other fields keep the file's order. */
const LEADING = ["iteration", "attempt", "phase", "state"];
/** Fields that carry a reason: these hold the provider's own last words (a bounded stderr excerpt,
 * issue 13), so they get room for them where any other value is cut short. */
const REASONS = new Set(["rejection", "reason", "error"]);
const VALUE_CHARS = 200;
const REASON_CHARS = 800;

/** A line that is not a winston JSON object is shown as it is, never dropped and never a crash. */
export function renderWorkerLogLine(raw: string): WorkerLogEntry | undefined {
  if (raw.trim() === "") return undefined;
  const entry = parseObject(raw);
  if (entry === undefined)
    return {
      line: line("raw", raw),
      at: undefined,
      iteration: undefined,
      attempt: undefined,
      message: undefined,
    };
  const stamp = typeof entry.timestamp === "string" ? Date.parse(entry.timestamp) : Number.NaN;
  const at = Number.isNaN(stamp) ? undefined : stamp;
  const fields = Object.entries(entry)
    .sort(([a], [b]) => rank(a) - rank(b))
    .filter(([key, value]) => !RESERVED.has(key) && value !== null && value !== undefined)
    .map(([key, value]) => `${key}=${formatValue(value, REASONS.has(key) ? REASON_CHARS : VALUE_CHARS)}`);
  const message = typeof entry.message === "string" ? entry.message : "(no message)";
  const time = at === undefined ? "" : `${clock(at)} `;
  const text = `◆ ${time}${message}${fields.length === 0 ? "" : ` · ${fields.join(" ")}`}`;
  const iteration = typeof entry.iteration === "number" ? entry.iteration : undefined;
  return {
    line: line(toneOf(entry.level), text),
    at,
    iteration,
    attempt: typeof entry.attempt === "number" ? entry.attempt : undefined,
    message: typeof entry.message === "string" ? entry.message : undefined,
  };
}

function rank(key: string): number {
  const index = LEADING.indexOf(key);
  return index === -1 ? LEADING.length : index;
}

function parseObject(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return isObject(value) ? value : undefined;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined; // a torn or foreign line: shown raw
    throw error;
  }
}

function toneOf(level: unknown): LogLine["tone"] {
  if (level === "error") return "error";
  if (level === "warn") return "warning";
  return "worker";
}

function formatValue(value: unknown, max: number): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  const clipped = clipLine(text, max);
  return /\s/.test(clipped) ? JSON.stringify(clipped) : clipped;
}

/** Local wall-clock time, which is what a person following a session compares against. */
function clock(at: number): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, "0");
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
}
