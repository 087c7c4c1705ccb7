// Notifications and Telegram control hosted by the supervisor, for every project it serves: after every pass
// each session's hook is compared with the last one seen and the transitions become messages; the bot (the
// only process polling Telegram) turns replies and commands into the same actions as the CLI.
import {
  type Hook,
  type Logger,
  listSessions,
  type MachineConfig,
  readHook,
  type SessionRef,
} from "@samocode/core";
import {
  convoyLandedEvent,
  convoyStuckEvent,
  createEventWatch,
  createNotifier,
  fleetBudgetEvent,
  type ServedProject,
  type SessionEvent,
  stalledEvent,
  startTelegramControl,
} from "@samocode/notify";
import {
  type ConvoyAnnouncement,
  type FleetBudgetChange,
  pm2LoopControl,
  type WorkerLaunch,
} from "@samocode/supervisor";

export type Notifications = {
  /** Looks at every session once; new transitions are queued for sending (never blocks on Telegram). */
  observe: (projects: readonly WorkerLaunch[]) => Promise<void>;
  /** The supervisor ended a stalled attempt. */
  stalled: (session: SessionRef, hook: Hook, idleMs: number) => void;
  /** A convoy landed or one of its sessions got stuck, announced once by the supervisor. */
  convoy: (announcement: ConvoyAnnouncement) => void;
  /** The fleet's daily budget paused new iterations, or the pause was lifted. */
  fleetBudget: (change: FleetBudgetChange) => void;
  close: () => Promise<void>;
};

export async function startNotifications(
  machine: MachineConfig,
  logger: Logger,
  reconcileSoon: () => void,
): Promise<Notifications> {
  const telegram = machine.telegram;
  const notifier = await createNotifier({ telegram, stateDir: machine.user.state, logger });
  const watch = createEventWatch();
  let served: ServedProject[] = [];
  const control =
    telegram &&
    startTelegramControl({
      token: telegram.botToken,
      chatId: telegram.chatId,
      apiRoot: telegram.apiRoot,
      projects: async () => served,
      stateDir: machine.user.state,
      logger,
      onAction: () => reconcileSoon(),
    });
  let seen = new Set<string>();
  return {
    observe: async (projects) => {
      served = projects.map((launch) => ({
        id: launch.project.id,
        actions: {
          sessionsRoot: launch.config.paths.sessions,
          control: pm2LoopControl(launch),
          killGraceMs: launch.config.runtime.killGraceMs,
        },
      }));
      const now = new Set<string>();
      const listed = await Promise.all(
        projects.map(async (launch) => ({
          launch,
          sessions: await listSessions(launch.config.paths.sessions),
        })),
      );
      const ids = listed.flatMap(({ sessions }) => sessions.map((session) => session.id));
      for (const { launch, sessions } of listed) {
        for (const session of sessions) {
          const hook = await readHook(session.dir);
          if (!hook.ok) continue;
          const key = `${launch.project.id}/${session.id}`;
          now.add(key);
          // A session id another project has too is named with its project, so a reply finds it.
          const shared = ids.indexOf(session.id) !== ids.lastIndexOf(session.id);
          for (const event of await watch.observe({ ...session, id: key }, hook.hook))
            notifier.notify(shared ? withProject(event, launch.project.id) : event);
        }
      }
      for (const gone of seen) if (!now.has(gone)) watch.forget(gone);
      seen = now;
    },
    stalled: (_session, hook, idleMs) => {
      notifier.notify(
        stalledEvent({
          hook,
          idleMinutes: idleMs / 60_000,
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

/** The event of a session whose id another project has too: named (and kept apart) by its project. */
function withProject(event: SessionEvent, project: string): SessionEvent {
  if (!("session" in event) || event.session === null) return event;
  return { ...event, id: `${project}/${event.id}`, session: `${project}/${event.session}` };
}
