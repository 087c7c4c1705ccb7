// Re-exports of structured logging.
export * from "./logger.ts";
