// The one-line shape of every config problem: the key, its value (secrets hidden), where it came from, and what was expected.

/** Values never echoed in an error, a warning or a printed config. */
export const SECRET_CONFIG_KEYS: ReadonlySet<string> = new Set(["TELEGRAM_BOT_TOKEN"]);

/** Stands in for a secret wherever a config value is shown. */
export const HIDDEN_VALUE = "<hidden>";

const MAX_SHOWN_VALUE = 200;

export function showConfigValue(key: string, value: string): string {
  if (SECRET_CONFIG_KEYS.has(key)) return HIDDEN_VALUE;
  const shown = value.length > MAX_SHOWN_VALUE ? `${value.slice(0, MAX_SHOWN_VALUE)}…` : value;
  // JSON quoting makes empty values, spaces and control characters visible.
  return JSON.stringify(shown);
}

export interface ConfigProblem {
  key: string;
  /** undefined when the key is not set at all. */
  value: string | undefined;
  /** e.g. `/p/.env:3` or `the environment`. */
  source: string;
  expected: string;
}

export function configErrorLine(problem: ConfigProblem): string {
  const { key, value, source, expected } = problem;
  if (value === undefined) return `${key} is not set in ${source}: expected ${expected}`;
  return `${key}=${showConfigValue(key, value)} in ${source}: expected ${expected}`;
}

/** The known key closest to a misspelt one, if it is close enough to be a plausible typo. */
export function nearestKey(input: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const distance = editDistance(input.toUpperCase(), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(input.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
