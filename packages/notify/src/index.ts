// The public surface of @samocode/notify: events, their derivation, notifiers and the Telegram bot.
export * from "./derive-events.ts";
export * from "./event-context.ts";
export * from "./event-id.ts";
export * from "./event-message.ts";
export * from "./event-watch.ts";
export * from "./notifier.ts";
export * from "./raised-events.ts";
export * from "./session-event.ts";
export * from "./telegram-control.ts";
export * from "./telegram-notifier.ts";
export * from "./telegram-outbox.ts";
