// Notifications and Telegram control hosted by the supervisor: after every reconcile pass each
// session's hook is compared with the last one seen and the transitions become messages; the bot (the
// only process polling Telegram) turns replies and commands into the same actions as the CLI.
import {
  type Hook,
  type Logger,
  listSessions,
  readHook,
  type SamocodeConfig,
  type SessionRef,
} from "@samocode/core";
import {
  convoyLandedEvent,
  convoyStuckEvent,
  createEventWatch,
  createNotifier,
  fleetBudgetEvent,
  stalledEvent,
  startTelegramControl,
} from "@samocode/notify";
import {
  type ConvoyAnnouncement,
  type FleetBudgetChange,
  pm2LoopControl,
  supervisorDir,
} from "@samocode/supervisor";

export type Notifications = {
  /** Looks at every session once; new transitions are queued for sending (never blocks on Telegram). */
  observe: () => Promise<void>;
  /** The supervisor ended a stalled attempt. */
  stalled: (session: SessionRef, hook: Hook, idleMs: number) => void;
  /** A convoy landed or one of its sessions got stuck, announced once by the supervisor. */
  convoy: (announcement: ConvoyAnnouncement) => void;
  /** The fleet's daily budget paused new iterations, or the pause was lifted. */
  fleetBudget: (change: FleetBudgetChange) => void;
  close: () => Promise<void>;
};

export async function startNotifications(
  config: SamocodeConfig,
  logger: Logger,
  reconcileSoon: () => void,
): Promise<Notifications> {
  const root = config.paths.sessions;
  const telegram = config.runtime.telegram;
  const notifier = await createNotifier({ telegram, stateDir: supervisorDir(root), logger });
  const watch = createEventWatch();
  const control =
    telegram &&
    startTelegramControl({
      token: telegram.botToken,
      chatId: telegram.chatId,
      apiRoot: telegram.apiRoot,
      actions: {
        sessionsRoot: root,
        control: pm2LoopControl({ config, env: process.env, interpreter: process.execPath }),
        killGraceMs: config.runtime.killGraceMs,
      },
      stateDir: supervisorDir(root),
      logger,
      onAction: () => reconcileSoon(),
    });
  let seen = new Set<string>();
  return {
    observe: async () => {
      const now = new Set<string>();
      for (const session of await listSessions(root)) {
        const hook = await readHook(session.dir);
        if (!hook.ok) continue;
        now.add(session.id);
        for (const event of await watch.observe(session, hook.hook)) notifier.notify(event);
      }
      for (const gone of seen) if (!now.has(gone)) watch.forget(gone);
      seen = now;
    },
    stalled: (_session, hook, idleMs) => {
      notifier.notify(
        stalledEvent({
          hook,
          idleMinutes: Math.max(1, Math.round(idleMs / 60_000)),
          action: "stopped the attempt; it runs again with a note",
        }),
      );
    },
    convoy: (announcement) => {
      notifier.notify(
        announcement.kind === "landed"
          ? convoyLandedEvent({ convoy: announcement.convoy, sessions: announcement.sessions })
          : convoyStuckEvent({ convoy: announcement.convoy, hook: announcement.hook }),
      );
    },
    fleetBudget: (change) => {
      notifier.notify(
        fleetBudgetEvent({
          day: change.day,
          capUsd: change.capUsd,
          paused: change.paused,
          reason: change.message,
        }),
      );
    },
    close: async () => {
      await control?.stop();
      await notifier.close();
    },
  };
}
