// The real side effects of script steps: files, git commits, processes and signals, done for real.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { appendFile, mkdir, stat, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { execa } from "execa";
import { SamocodeError } from "../errors.ts";

export { sleep };

export type Placeholders = { cwd: string; session: string | undefined };

function expandString(text: string, placeholders: Placeholders): string {
  return text.replaceAll(/\{(session|cwd)\}/g, (_, name: "session" | "cwd") => {
    const value = placeholders[name];
    if (value === undefined || value === "") {
      throw new SamocodeError("usage", `the script uses {${name}}, but SAMOCODE_SESSION_DIR is not set`);
    }
    return value;
  });
}

/** Replaces `{session}` and `{cwd}` in every string inside a step argument. */
export function expandPlaceholders<T>(value: T, placeholders: Placeholders): T {
  const expand = (item: unknown): unknown => {
    if (typeof item === "string") return expandString(item, placeholders);
    if (Array.isArray(item)) return item.map(expand);
    if (typeof item === "object" && item !== null) {
      return Object.fromEntries(Object.entries(item).map(([key, inner]) => [key, expand(inner)]));
    }
    return item;
  };
  // Strings map to strings and containers keep their shape, so the type is unchanged.
  return expand(value) as T;
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch (error) {
    if (error instanceof Error && "code" in error && error.code === "ENOENT") return false;
    throw error;
  }
}

/** Writes the file (creating folders) and says whether it is new, which the formats report. */
export async function writeScriptedFile(cwd: string, path: string, content: string) {
  const absolute = resolve(cwd, path);
  const created = !(await exists(absolute));
  await mkdir(dirname(absolute), { recursive: true });
  await writeFile(absolute, content, "utf8");
  return { path: absolute, created };
}

export async function appendScriptedFile(cwd: string, path: string, text: string): Promise<void> {
  const absolute = resolve(cwd, path);
  await mkdir(dirname(absolute), { recursive: true });
  await appendFile(absolute, text, "utf8");
}

/** The fake agent commits like a real one would, with the user's git (not samocode's git adapter). */
export async function commitInCwd(cwd: string, message: string, add: readonly string[] | undefined) {
  await execa("git", ["add", "--", ...(add ?? ["."])], { cwd });
  await execa("git", ["commit", "-q", "-m", message], { cwd });
}

/**
 * Runs a command the way an agent's shell tool would (in the cwd, with our env plus `env`) and returns what
 * the tool reports back: the combined output and the exit code. A failing command is the agent's business.
 */
export async function runCommand(cwd: string, command: readonly string[], env: Record<string, string> = {}) {
  const [file = "", ...args] = command;
  const result = await execa(file, args, { cwd, env, all: true, reject: false, stdin: "ignore" });
  const exitCode = result.exitCode ?? 1;
  return { output: `${result.all ?? ""}\n(exit ${exitCode})`.trimStart(), exitCode };
}

/** A sleeper in our process group that keeps our stdout/stderr open after we exit; not waited for. */
export async function spawnGrandchild(seconds: number): Promise<number | undefined> {
  const child = spawn(process.execPath, ["-e", `setTimeout(() => {}, ${Math.round(seconds * 1000)})`], {
    stdio: ["ignore", "inherit", "inherit"],
  });
  await once(child, "spawn");
  child.unref();
  return child.pid;
}

export function ignoreSigterm(): void {
  // A listener replaces Node's default SIGTERM action (exit), which is the point of this step.
  process.on("SIGTERM", () => undefined);
}

/** Never settles; the interval keeps the event loop (and so the process) alive until it is killed. */
export function hangForever(): Promise<never> {
  return new Promise<never>(() => {
    setInterval(() => undefined, 2 ** 30);
  });
}
