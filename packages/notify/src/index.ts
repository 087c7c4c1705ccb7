// The public surface of @samocode/notify: the supervisor's notifier, the events it raises, and the Telegram bot.

export { createEventWatch } from "./event-watch.ts";
export { createNotifier } from "./notifier.ts";
export { convoyLandedEvent, convoyStuckEvent, fleetBudgetEvent, stalledEvent } from "./raised-events.ts";
export type { SessionEvent } from "./session-event.ts";
export { oneProject, type ServedProject } from "./session-routing.ts";
export { startTelegramControl } from "./telegram-control.ts";
