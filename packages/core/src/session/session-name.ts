// Session names: validating a given one, slugging one from a task, and the dated folder name.

export const SESSION_NAME_MAX_LENGTH = 63;

export type SessionNameResult = { ok: true; name: string } | { ok: false; reason: string };

const ALLOWED = /^[a-z0-9-]$/;
const RULE = `use only lowercase letters, digits and "-", not starting with "-", at most ${SESSION_NAME_MAX_LENGTH} characters`;
// A cut at a dash is only "sensible" when it keeps most of the allowed length.
const MIN_WORD_CUT = 20;
// `YY-MM-DD-<name>`: the folder of a top-level session.
const FOLDER_PATTERN = /^(\d{2}-\d{2}-\d{2})-([a-z0-9][a-z0-9-]*)$/;

/** Quotes a name for a one-line message: escapes control characters, shortens very long input. */
export function quoteName(name: string): string {
  const shown = name.length > 80 ? `${name.slice(0, 77)}...` : name;
  return JSON.stringify(shown);
}

export function validateSessionName(name: string): SessionNameResult {
  const bad = (why: string): SessionNameResult => ({
    ok: false,
    reason: `invalid session name ${quoteName(name)}: ${why}; ${RULE}`,
  });
  if (name.length === 0) return bad("it is empty");
  if (name.length > SESSION_NAME_MAX_LENGTH) return bad(`it is ${name.length} characters long`);
  for (const char of name) {
    if (!ALLOWED.test(char)) return bad(`it contains ${JSON.stringify(char)}`);
  }
  if (name.startsWith("-")) return bad('it starts with "-"');
  return { ok: true, name };
}

/** Derives a name from free task text; fails only when the text has no letters or digits at all. */
export function slugSessionName(task: string, maxLength = SESSION_NAME_MAX_LENGTH): SessionNameResult {
  const slug = task
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  if (slug === "") {
    return {
      ok: false,
      reason: `cannot derive a session name from the task ${quoteName(task)}: it has no letters or digits; give a name`,
    };
  }
  return { ok: true, name: cutAtWord(slug, maxLength) };
}

function cutAtWord(slug: string, maxLength: number): string {
  if (slug.length <= maxLength) return slug;
  const hard = slug.slice(0, maxLength);
  if (slug[maxLength] === "-") return hard.replace(/-+$/, "");
  const lastDash = hard.lastIndexOf("-");
  const cut = lastDash >= Math.min(MIN_WORD_CUT, maxLength / 2) ? hard.slice(0, lastDash) : hard;
  return cut.replace(/-+$/, "");
}

/** `YY-MM-DD-<name>` in local time, the date the user sees on their calendar. */
export function sessionFolderName(name: string, date: Date = new Date()): string {
  const yy = String(date.getFullYear() % 100).padStart(2, "0");
  const mm = String(date.getMonth() + 1).padStart(2, "0");
  const dd = String(date.getDate()).padStart(2, "0");
  return `${yy}-${mm}-${dd}-${name}`;
}

/** Splits a top-level folder name into its date prefix and name; null for anything else. */
export function parseSessionFolderName(folder: string): { date: string; name: string } | null {
  const match = FOLDER_PATTERN.exec(folder);
  if (match === null || match[1] === undefined || match[2] === undefined) return null;
  return { date: match[1], name: match[2] };
}
