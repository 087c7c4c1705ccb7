// The one exception type for bugs and boundaries; expected outcomes are returned as values instead.

export const ERROR_CODES = [
  "config",
  "usage",
  "session",
  "io",
  "git",
  "provider",
  "lease-held",
  "internal",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export class SamocodeError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "SamocodeError";
    this.code = code;
  }
}

export function isSamocodeError(value: unknown): value is SamocodeError {
  return value instanceof SamocodeError;
}
