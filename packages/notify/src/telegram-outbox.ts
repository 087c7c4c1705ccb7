// Sends queued messages in order, off the caller's path: `enqueue` returns at once, a background loop
// delivers, honours 429 retry_after, backs off on other failures and drops a message after a bound.
import { type Logger, delay as pause } from "@samocode/core";
import type { OutgoingMessage } from "./event-message.ts";
import { loadOutbox, type OutboxItem, type OutboxState, SENT_IDS_KEPT, saveOutbox } from "./outbox-store.ts";
import type { Sender } from "./telegram-send.ts";

export type OutboxLimits = {
  /** Failed attempts (rate limits do not count) after which a message is dropped. */
  maxTries: number;
  /** Age after which a message is dropped unsent, however it failed. */
  maxAgeMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
};

export const DEFAULT_OUTBOX_LIMITS: OutboxLimits = {
  maxTries: 40,
  maxAgeMs: 30 * 60_000,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
};

export type OutboxEntry = { id: string; kind: string; session: string | null; message: OutgoingMessage };

export type Outbox = {
  /** Never blocks and never throws; an id already sent or queued is ignored. */
  enqueue: (entry: OutboxEntry) => void;
  /** Resolves once nothing is pending (tests; a shutdown that wants to wait). */
  idle: () => Promise<void>;
  /** Stops the loop (a request in flight is cancelled and stays queued); the queue stays on disk. */
  close: () => Promise<void>;
};

type Run = {
  state: OutboxState;
  stateDir: string;
  send: Sender;
  logger: Logger;
  limits: OutboxLimits;
  closing: AbortController;
  saving: Promise<void>;
  wake: (() => void) | undefined;
  idleWaiters: (() => void)[];
};

export async function openOutbox(options: {
  stateDir: string;
  send: Sender;
  logger: Logger;
  limits?: Partial<OutboxLimits> | undefined;
}): Promise<Outbox> {
  const { stateDir, send, logger } = options;
  const loaded = await loadOutbox(stateDir);
  if (loaded.problem !== null) logger.error("telegram outbox reset", { problem: loaded.problem });
  const run: Run = {
    state: loaded.state,
    stateDir,
    send,
    logger,
    limits: { ...DEFAULT_OUTBOX_LIMITS, ...options.limits },
    closing: new AbortController(),
    saving: Promise.resolve(),
    wake: undefined,
    idleWaiters: [],
  };
  const inFlight = run.state.inFlight;
  if (inFlight !== null) {
    // At most once: the process died while this one was on its way, so it may well have arrived.
    logger.warn("telegram: a message was on its way when the process stopped; not sending it again", {
      id: inFlight,
    });
    settle(run.state, inFlight);
    await save(run);
  }
  const loop = runLoop(run);
  return {
    enqueue: (entry) => enqueue(run, entry),
    idle: () =>
      run.state.pending.length === 0
        ? Promise.resolve()
        : new Promise<void>((resolve) => run.idleWaiters.push(resolve)),
    close: async () => {
      run.closing.abort();
      await loop;
      await save(run);
    },
  };
}

function enqueue(run: Run, { id, kind, session, message }: OutboxEntry): void {
  const { state } = run;
  if (state.sent.includes(id) || state.pending.some((item) => item.id === id)) {
    run.logger.debug("telegram: notification already sent or queued", { id });
    return;
  }
  const queuedAt = new Date().toISOString();
  state.pending.push({ id, kind, session, html: message.html, buttons: message.buttons, queuedAt, tries: 0 });
  void save(run);
  run.wake?.();
}

async function runLoop(run: Run): Promise<void> {
  const { closing } = run;
  while (!closing.signal.aborted) {
    const head = run.state.pending[0];
    if (head === undefined) {
      for (const done of run.idleWaiters.splice(0)) done();
      await new Promise<void>((resolve) => {
        const done = () => {
          closing.signal.removeEventListener("abort", done);
          run.wake = undefined;
          resolve();
        };
        run.wake = done;
        closing.signal.addEventListener("abort", done, { once: true });
      });
      continue;
    }
    try {
      await deliver(run, head);
    } catch (error) {
      run.logger.error("telegram outbox step failed", { error: String(error) });
      await pause(run.limits.baseDelayMs, closing.signal);
    }
  }
}

async function deliver(run: Run, head: OutboxItem): Promise<void> {
  const { state, logger, limits } = run;
  const bound = overBound(head, limits, Date.now());
  if (bound !== null) {
    logger.warn("telegram: notification dropped", {
      id: head.id,
      kind: head.kind,
      session: head.session,
      why: bound,
    });
    settle(state, head.id);
    return save(run);
  }
  state.inFlight = head.id;
  await save(run);
  const result = await run.send(head.html, head.buttons, run.closing.signal);
  state.inFlight = null;
  if (result.ok) {
    settle(state, head.id);
    logger.info("telegram: notification sent", { id: head.id, kind: head.kind, session: head.session });
    return save(run);
  }
  if (result.kind === "permanent") {
    const why = `refused by Telegram: ${result.message}`;
    logger.warn("telegram: notification dropped", {
      id: head.id,
      kind: head.kind,
      session: head.session,
      why,
    });
    settle(state, head.id);
    return save(run);
  }
  if (result.kind === "transient") head.tries += 1;
  await save(run);
  if (result.kind === "aborted") return;
  const delay = result.kind === "rate-limited" ? result.retryAfterMs : backoff(head.tries, limits);
  logger.warn("telegram: send failed, will retry", {
    id: head.id,
    failure: result.kind,
    error: result.message,
    retryInMs: delay,
  });
  await pause(delay, run.closing.signal);
}

function save(run: Run): Promise<void> {
  run.saving = run.saving
    .then(() => saveOutbox(run.stateDir, run.state))
    .catch((error: unknown) => {
      run.logger.error("telegram outbox not saved", { error: String(error) });
    });
  return run.saving;
}

/** Out of the queue and into the sent record: a dropped message too, so a re-derived event stays dropped. */
function settle(state: OutboxState, id: string): void {
  state.pending = state.pending.filter((item) => item.id !== id);
  if (state.inFlight === id) state.inFlight = null;
  if (!state.sent.includes(id)) state.sent.push(id);
  if (state.sent.length > SENT_IDS_KEPT) state.sent.splice(0, state.sent.length - SENT_IDS_KEPT);
}

function overBound(item: OutboxItem, limits: OutboxLimits, now: number): string | null {
  if (item.tries >= limits.maxTries) return `${item.tries} failed attempts`;
  const age = now - Date.parse(item.queuedAt);
  if (age > limits.maxAgeMs) return `undelivered for ${Math.round(age / 1000)} s`;
  return null;
}

function backoff(tries: number, limits: OutboxLimits): number {
  return Math.min(limits.maxDelayMs, limits.baseDelayMs * 2 ** Math.max(0, tries - 1));
}
