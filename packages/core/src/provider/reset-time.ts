// When a usage limit lifts, read from the providers' own wording (unix suffix, "in N minutes", a clock time).

/** claude `Claude AI usage limit reached|1736200800` (seconds, or milliseconds when 13 digits). */
const UNIX_SUFFIX = /\|\s*(\d{10}|\d{13})(?!\d)/;
const RELATIVE =
  /(?:try again|retry|resets?|available again)\s+(?:in|after)\s+((?:\d+(?:\.\d+)?\s*[a-z]+(?:\s*,\s*|\s+and\s+|\s*)?)+)/i;
const DURATION_PART =
  /(\d+(?:\.\d+)?)\s*(milliseconds?|ms|seconds?|secs?|s|minutes?|mins?|m|hours?|hrs?|h|days?|d)(?![a-z])/gi;
const ISO = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?/;
/** claude "resets 3pm (Europe/Berlin)", "reset at 11:30am"; codex "try again at Nov 22nd, 2025 3:15 PM". */
const CLOCK =
  /(?:resets?|again at)\s+(?:at\s+|on\s+)?(?:(?<mon>[a-z]{3,9})\.?\s+(?<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?:(?<year>\d{4}),?\s+)?(?:at\s+)?)?(?<hour>\d{1,2})(?::(?<min>\d{2}))?\s*(?<ampm>[ap]\.?m\.?)?(?:\s*\((?<tz>[^)]+)\))?/i;
const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

export function parseResetTime(message: string, now: Date = new Date()): Date | undefined {
  return fromUnixSuffix(message) ?? fromRelative(message, now) ?? fromIso(message) ?? fromClock(message, now);
}

function fromUnixSuffix(message: string): Date | undefined {
  const digits = UNIX_SUFFIX.exec(message)?.[1];
  if (digits === undefined) return undefined;
  return new Date(digits.length === 13 ? Number(digits) : Number(digits) * 1_000);
}

function fromRelative(message: string, now: Date): Date | undefined {
  const phrase = RELATIVE.exec(message)?.[1];
  if (phrase === undefined) return undefined;
  let total = 0;
  for (const [, amount, unit] of phrase.matchAll(DURATION_PART)) {
    total += Number(amount) * (UNIT_MS[unitKey(unit ?? "")] ?? 0);
  }
  return total > 0 ? new Date(now.getTime() + total) : undefined;
}

function unitKey(unit: string): string {
  const lower = unit.toLowerCase();
  if (lower === "ms" || lower.startsWith("milli")) return "ms";
  return lower.charAt(0);
}

function fromIso(message: string): Date | undefined {
  const text = ISO.exec(message)?.[0];
  if (text === undefined) return undefined;
  const time = Date.parse(text);
  return Number.isNaN(time) ? undefined : new Date(time);
}

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
}

function fromClock(message: string, now: Date): Date | undefined {
  const groups = CLOCK.exec(message)?.groups;
  if (groups === undefined || (groups.min === undefined && groups.ampm === undefined)) return undefined;
  let hour = Number(groups.hour);
  const minute = groups.min === undefined ? 0 : Number(groups.min);
  if (groups.ampm !== undefined) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (groups.ampm.toLowerCase().startsWith("p") ? 12 : 0);
  }
  if (hour > 23 || minute > 59) return undefined;
  const calendar = calendarFor(groups.tz?.trim());
  const today = calendar.today(now);
  const month = groups.mon === undefined ? today.month : MONTHS.indexOf(groups.mon.slice(0, 3).toLowerCase());
  if (month < 0) return undefined;
  const wall: Wall = {
    year: groups.year === undefined ? today.year : Number(groups.year),
    month,
    day: groups.day === undefined ? today.day : Number(groups.day),
    hour,
    minute,
  };
  let instant = calendar.toInstant(wall);
  // A bare clock time that already passed means tomorrow; a date without a year that passed, next year.
  if (groups.mon === undefined && instant < now.getTime() - 60_000) {
    instant = calendar.toInstant({ ...wall, day: wall.day + 1 });
  } else if (groups.mon !== undefined && groups.year === undefined && instant < now.getTime() - 86_400_000) {
    instant = calendar.toInstant({ ...wall, year: wall.year + 1 });
  }
  return new Date(instant);
}

interface Calendar {
  today(now: Date): { year: number; month: number; day: number };
  toInstant(wall: Wall): number;
}

/** The named IANA zone when it is one, else this machine's zone (which is also the CLI's). */
function calendarFor(zone: string | undefined): Calendar {
  const format = zone === undefined ? undefined : zoneFormat(zone);
  if (format === undefined) {
    return {
      today: (now) => ({ year: now.getFullYear(), month: now.getMonth(), day: now.getDate() }),
      toInstant: (w) => new Date(w.year, w.month, w.day, w.hour, w.minute).getTime(),
    };
  }
  const wallOf = (time: number): Wall & { second: number } => {
    const parts = Object.fromEntries(format.formatToParts(time).map((p) => [p.type, Number(p.value)]));
    const { year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0 } = parts;
    return { year, month: month - 1, day, hour, minute, second };
  };
  const offsetAt = (time: number): number => {
    const w = wallOf(time);
    return Date.UTC(w.year, w.month, w.day, w.hour, w.minute, w.second) - Math.floor(time / 1000) * 1000;
  };
  return {
    today: (now) => wallOf(now.getTime()),
    toInstant: (w) => {
      const guess = Date.UTC(w.year, w.month, w.day, w.hour, w.minute);
      const first = guess - offsetAt(guess);
      return guess - offsetAt(first);
    },
  };
}

function zoneFormat(zone: string): Intl.DateTimeFormat | undefined {
  try {
    return new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
  } catch (error) {
    // Not an IANA zone name (e.g. an abbreviation like "PST"): fall back to the local zone.
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}
