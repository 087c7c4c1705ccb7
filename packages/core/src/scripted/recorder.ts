// Appends what an invocation received (arguments, cwd, env, stdin, process ids) so tests can check the runner.
import { fstatSync, readFileSync, readSync } from "node:fs";
import { appendFile } from "node:fs/promises";
import { isatty } from "node:tty";

export type InvocationRecord = {
  argv: string[];
  format: string | undefined;
  cwd: string;
  env: Record<string, string | undefined>;
  /** Text read from a file or closed pipe on stdin; null when stdin is a TTY or a pipe still open. */
  stdin: string | null;
  pid: number;
  pgid: number | null;
};

const STDIN_CAP = 1024 * 1024;
// A closed pipe reports EOF at once; a pipe nobody closes within this window counts as open.
const OPEN_PIPE_WINDOW_MS = 200;

export async function recordInvocation(file: string, fields: Pick<InvocationRecord, "argv" | "format">) {
  const record: InvocationRecord = {
    ...fields,
    cwd: process.cwd(),
    env: { ...process.env },
    stdin: await readStdinIfClosed(),
    pid: process.pid,
    pgid: processGroupId(),
  };
  await appendFile(file, `${JSON.stringify(record)}\n`, "utf8");
}

/** The process group from /proc (Node has no getpgid); null where /proc is missing. */
export function processGroupId(): number | null {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const afterName = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const pgid = Number(afterName[2]);
    return Number.isInteger(pgid) ? pgid : null;
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") return null;
    throw error;
  }
}

async function readStdinIfClosed(): Promise<string | null> {
  if (isatty(0)) return null;
  let kind: "file" | "stream";
  try {
    const stats = fstatSync(0);
    kind = stats.isFile() || stats.isCharacterDevice() ? "file" : "stream";
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "EBADF") return null;
    throw error;
  }
  return kind === "file" ? readFileCapped() : readPipeIfClosed();
}

/** Files and /dev/null never block; the cap keeps an endless device from eating memory. */
function readFileCapped(): string {
  const buffer = Buffer.alloc(STDIN_CAP);
  let length = 0;
  while (length < STDIN_CAP) {
    const read = readSync(0, buffer, length, STDIN_CAP - length, null);
    if (read === 0) break;
    length += read;
  }
  return buffer.subarray(0, length).toString("utf8");
}

function readPipeIfClosed(): Promise<string | null> {
  const stdin = process.stdin;
  const chunks: Buffer[] = [];
  return new Promise((resolve) => {
    const finish = (value: string | null) => {
      clearTimeout(timer);
      stdin.removeAllListeners("data");
      stdin.destroy();
      resolve(value);
    };
    const timer = setTimeout(() => finish(null), OPEN_PIPE_WINDOW_MS);
    stdin.on("data", (chunk: Buffer) => chunks.push(chunk));
    stdin.once("end", () => finish(Buffer.concat(chunks).toString("utf8")));
    stdin.once("error", () => finish(null));
  });
}
