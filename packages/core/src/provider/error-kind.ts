// Sorts a provider's error message (and HTTP status, when it gives one) into the kinds the retry policy acts on.
import type { ErrorKind } from "./provider-types.ts";
import { parseResetTime } from "./reset-time.ts";

export interface ClassifiedError {
  kind: ErrorKind;
  resetAt?: string;
}

const AUTH =
  /\b401\b|invalid api key|invalid x-api-key|unauthori[sz]ed|authentication[ _]?(?:failed|error)|please run \/login|not logged in|oauth token (?:has )?(?:expired|revoked)|api key not valid|permission_denied/i;
const RATE_LIMIT =
  /\b429\b|usage limit|rate[ _-]?limit|hit your (?:\w+ )?limit|limit reached|too many requests|quota|resource_exhausted|out of (?:usage )?credits|exhausted your capacity/i;
// Codex words overload as "at capacity" or "high demand" (seen in tests/fixtures/provider-streams).
const OVERLOAD =
  /\b529\b|\b503\b|overloaded|service unavailable|server is busy|at capacity|experiencing high demand/i;
const MAX_TURNS = /error_max_turns|max(?:imum)?[ _-]?(?:number of |session )?turns|turn limit/i;

export function classifyError(message: string, status?: number, now: Date = new Date()): ClassifiedError {
  const kind = kindFromStatus(status) ?? kindFromMessage(message);
  if (kind !== "rate_limit") return { kind };
  const resetAt = parseResetTime(message, now);
  return resetAt === undefined ? { kind } : { kind, resetAt: resetAt.toISOString() };
}

function kindFromStatus(status: number | undefined): ErrorKind | undefined {
  if (status === 401 || status === 403) return "auth";
  if (status === 429) return "rate_limit";
  if (status === 529 || status === 503) return "overload";
  return undefined;
}

function kindFromMessage(message: string): ErrorKind {
  if (MAX_TURNS.test(message)) return "max_turns";
  if (RATE_LIMIT.test(message)) return "rate_limit";
  if (OVERLOAD.test(message)) return "overload";
  if (AUTH.test(message)) return "auth";
  return "other";
}
