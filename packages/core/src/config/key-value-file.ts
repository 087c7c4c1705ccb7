// Parses the KEY=VALUE format shared by `.samocode` and `.env`: `#` comments, blank lines, optional quotes.

export interface KeyValueEntry {
  key: string;
  value: string;
  /** 1-based, for error lines like `/p/.env:3: …`. */
  line: number;
}

export type KeyValueParseResult = { ok: true; entries: KeyValueEntry[] } | { ok: false; errors: string[] };

const KEY_LINE = /^(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/;

/**
 * Malformed lines are reported by file and line number without their text: a `.env` line may hold a secret.
 * The first `=` splits key from value, so values may contain `=`.
 */
export function parseKeyValueText(text: string, file: string): KeyValueParseResult {
  const entries: KeyValueEntry[] = [];
  const errors: string[] = [];
  const seen = new Map<string, number>();
  const lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    const match = KEY_LINE.exec(trimmed);
    const key = match?.[1];
    if (match === null || key === undefined) {
      errors.push(
        `${file}:${line}: expected KEY=VALUE (e.g. MAIN_REPO=~/code/app), a # comment or a blank line`,
      );
      return;
    }
    const value = parseValue(match[2] ?? "");
    if (!value.ok) {
      errors.push(`${file}:${line}: ${key}: ${value.error}`);
      return;
    }
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      errors.push(`${file}:${line}: ${key} is already set on line ${earlier}; keep one`);
      return;
    }
    seen.set(key, line);
    entries.push({ key, value: value.value, line });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, entries };
}

type ValueResult = { ok: true; value: string } | { ok: false; error: string };

/** Quoted values are taken verbatim (no escapes); unquoted ones end at ` #` and are trimmed. */
function parseValue(rest: string): ValueResult {
  const quote = rest[0];
  if (quote === '"' || quote === "'") {
    const close = rest.indexOf(quote, 1);
    if (close === -1) return { ok: false, error: `the value's opening ${quote} has no closing ${quote}` };
    const after = rest.slice(close + 1).trim();
    if (after !== "" && !after.startsWith("#")) {
      return { ok: false, error: `unexpected text after the closing ${quote} (quote the whole value)` };
    }
    return { ok: true, value: rest.slice(1, close) };
  }
  if (rest.startsWith("#")) return { ok: true, value: "" };
  return { ok: true, value: rest.replace(/\s+#.*$/, "").trim() };
}
