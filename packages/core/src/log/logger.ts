// Structured JSON-line logs (winston) with secrets redacted before anything is written.
import winston from "winston";
import { ioFailureReason } from "../io/fs-errors.ts";

const SECRET_KEY = /token|secret|password|api[_-]?key|authorization/i;
const REDACTED = "[redacted]";

export type LoggerOptions = {
  /** JSON lines go here (e.g. `_logs/worker.log`); omitted → console only. */
  file?: string | undefined;
  level?: string;
  /** Literal values never to be written (bot token, API keys from the env). */
  secrets?: readonly string[];
  console?: boolean;
};

export type Logger = winston.Logger;

export function createLogger(options: LoggerOptions): Logger {
  const secrets = (options.secrets ?? []).filter((s) => s.length >= 6);
  const transports: winston.transport[] = [];
  if (options.file) transports.push(new winston.transports.File({ filename: options.file }));
  if (options.console || !options.file)
    transports.push(new winston.transports.Console({ stderrLevels: ["error", "warn", "info", "debug"] }));
  const logger = winston.createLogger({
    level: options.level ?? "info",
    format: winston.format.combine(redact(secrets)(), winston.format.timestamp(), winston.format.json()),
    transports,
  });
  // A log file that cannot be written (a full disk, a folder in its place) must not crash the process:
  // winston re-emits a transport's error on the logger, and an unheard 'error' event throws. Said once.
  let reported = false;
  logger.on("error", (error: unknown) => {
    if (reported) return;
    reported = true;
    const reason = ioFailureReason(error) ?? (error instanceof Error ? error.message : String(error));
    process.stderr.write(`samocode: the log ${options.file ?? "(console)"} cannot be written: ${reason}\n`);
  });
  return logger;
}

function redact(secrets: readonly string[]) {
  return winston.format((info) => {
    for (const key of Object.keys(info)) {
      info[key] = scrub(key, info[key], secrets, 0);
    }
    return info;
  });
}

export function scrub(key: string, value: unknown, secrets: readonly string[], depth: number): unknown {
  if (SECRET_KEY.test(key) && value !== undefined && value !== null && value !== "") return REDACTED;
  if (typeof value === "string") return scrubText(value, secrets);
  if (depth > 6 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((item) => scrub("", item, secrets, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(k, v, secrets, depth + 1)]));
}

export function scrubText(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) out = out.split(secret).join(REDACTED);
  // Telegram bot tokens in URLs: /bot<digits>:<token>/
  return out.replace(/bot\d{5,}:[A-Za-z0-9_-]{20,}/g, `bot${REDACTED}`);
}
