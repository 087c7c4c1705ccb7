// PM2 through its programmatic API: the only importer of `pm2` in samocode. Every failure keeps PM2's raw
// error as the cause (and its words in the message); a command connects, acts, and always disconnects.
import { connect as netConnect } from "node:net";
import { homedir } from "node:os";
import { join } from "node:path";
import { SamocodeError } from "@samocode/core";
import type { StartOptions } from "pm2";
import { type Pm2App, parsePm2App } from "./pm2-app.ts";

type Pm2Api = typeof import("pm2");
type Target = string | number;

/** What `pm2.start` takes for one app; `treekill`, log paths and the like are PM2 options its types omit. */
export type AppDefinition = StartOptions & {
  name: string;
  script: string;
  out_file?: string;
  error_file?: string;
  treekill?: boolean;
  /** false: PM2 does not inject its own @pm2/io agent into the process. */
  pmx?: boolean;
};

export type ProcessEvent = { event: string; name: string; pmId: number };

export type Pm2Connection = {
  list: () => Promise<Pm2App[]>;
  /** The apps with exactly this name (PM2 allows several). */
  describe: (name: string) => Promise<Pm2App[]>;
  /** Registers and launches a new app; never call it for a name PM2 already has (it would restart that). */
  start: (app: AppDefinition) => Promise<void>;
  stop: (target: Target) => Promise<void>;
  restart: (target: Target) => Promise<void>;
  delete: (target: Target) => Promise<void>;
  /** PM2's process events (exit, online, restart overlimit…) until the connection closes. */
  onProcessEvent: (listener: (event: ProcessEvent) => void) => Promise<void>;
  killDaemon: () => Promise<void>;
  close: () => Promise<void>;
};

/** PM2_HOME as every PM2 tool resolves it. */
export function pm2Home(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return env.PM2_HOME ?? join(homedir(), ".pm2");
}

/** Whether a daemon answers on PM2_HOME's socket, without loading pm2 or starting anything. */
export function isDaemonRunning(env: Readonly<Record<string, string | undefined>> = process.env) {
  return new Promise<boolean>((resolve) => {
    const socket = netConnect(join(pm2Home(env), "rpc.sock"));
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** Connects to the daemon of PM2_HOME (from this process's env), starting one when `startDaemon` and none runs. */
export async function connectPm2(options: { startDaemon: true }): Promise<Pm2Connection>;
export async function connectPm2(options: { startDaemon: boolean }): Promise<Pm2Connection | undefined>;
export async function connectPm2(options: { startDaemon: boolean }): Promise<Pm2Connection | undefined> {
  if (!options.startDaemon && !(await isDaemonRunning())) return undefined;
  const pm2 = (await import("pm2")).default;
  await call("connect", "", (done) => pm2.connect(done));
  return connection(pm2);
}

/** Runs `use` connected to PM2 (starting the daemon when none runs) and disconnects whatever happens. */
export async function withPm2<T>(use: (pm2: Pm2Connection) => Promise<T>): Promise<T> {
  const pm2 = await connectPm2({ startDaemon: true });
  try {
    return await use(pm2);
  } finally {
    await pm2.close();
  }
}

/** Like `withPm2`, but never starts a daemon: `use` gets undefined when none runs. */
export async function withRunningPm2<T>(use: (pm2: Pm2Connection | undefined) => Promise<T>): Promise<T> {
  const pm2 = await connectPm2({ startDaemon: false });
  try {
    return await use(pm2);
  } finally {
    await pm2?.close();
  }
}

function connection(pm2: Pm2Api): Pm2Connection {
  const list = async () => {
    const raw = await call("list", "", (done) => pm2.list(done));
    return (Array.isArray(raw) ? raw : []).flatMap((description) => parsePm2App(description) ?? []);
  };
  return {
    list,
    // pm2.describe calls process-exiting code on an RPC error, so the list is filtered here instead.
    describe: async (name) => (await list()).filter((app) => app.name === name),
    start: async (app) => {
      const started = await call("start", app.name, (done) => pm2.start(app, done));
      // PM2 reports a launch that failed inside the daemon as success with nothing started.
      if (!Array.isArray(started) || started.length === 0) {
        throw new SamocodeError(
          "io",
          `pm2 start ${app.name}: PM2 started nothing (see ${pm2Home()}/pm2.log)`,
        );
      }
    },
    stop: async (target) => void (await call("stop", target, (done) => pm2.stop(target, done))),
    restart: async (target) => void (await call("restart", target, (done) => pm2.restart(target, done))),
    delete: async (target) => void (await call("delete", target, (done) => pm2.delete(target, done))),
    onProcessEvent: async (listener) => {
      const bus = await call("launchBus", "", (done) => pm2.launchBus(done));
      if (!isBus(bus)) throw new SamocodeError("io", "pm2 launchBus returned no event bus");
      bus.on("process:event", (packet: unknown) => {
        const event = toProcessEvent(packet);
        if (event !== undefined) listener(event);
      });
    },
    killDaemon: async () => void (await call("killDaemon", "", (done) => pm2.killDaemon(done))),
    // The typings omit disconnect's callback; waiting for it lets a command exit without open sockets.
    close: () => new Promise<void>((resolve) => (pm2.disconnect as (done: () => void) => void)(resolve)),
  };
}

type BusLike = { on: (event: string, listener: (packet: unknown) => void) => void };

function isBus(value: unknown): value is BusLike {
  return typeof value === "object" && value !== null && typeof (value as { on?: unknown }).on === "function";
}

function toProcessEvent(packet: unknown): ProcessEvent | undefined {
  if (typeof packet !== "object" || packet === null) return undefined;
  const { event, process: proc } = packet as { event?: unknown; process?: unknown };
  if (typeof event !== "string" || typeof proc !== "object" || proc === null) return undefined;
  const { name, pm_id: pmId } = proc as { name?: unknown; pm_id?: unknown };
  if (typeof name !== "string" || typeof pmId !== "number") return undefined;
  return { event, name, pmId };
}

/** Promisifies one PM2 call; PM2 hands back Errors, strings, objects or arrays of them as errors. */
function call(
  operation: string,
  target: Target,
  invoke: (done: (error: unknown, result?: unknown) => void) => void,
): Promise<unknown> {
  return new Promise<unknown>((resolve, reject) => {
    invoke((error, result) => {
      if (isFailure(error)) {
        const subject = `pm2 ${operation}${target === "" ? "" : ` ${target}`}`;
        reject(new SamocodeError("io", `${subject} failed: ${describePm2Error(error)}`, { cause: error }));
      } else resolve(result);
    });
  });
}

function isFailure(error: unknown): boolean {
  if (error === null || error === undefined || error === false) return false;
  return !(Array.isArray(error) && error.length === 0);
}

/** PM2's own words, whatever shape its error came in. */
export function describePm2Error(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === "string") return error;
  if (Array.isArray(error)) return error.map(describePm2Error).join("; ");
  if (typeof error === "object" && error !== null && "message" in error) return String(error.message);
  return JSON.stringify(error);
}

/** Whether a failure only says the app is gone (deleted meanwhile): callers that clean up ignore it. */
export function isNotFound(error: unknown): boolean {
  return /not found|unknown|doesn't exist/i.test(error instanceof Error ? error.message : String(error));
}
