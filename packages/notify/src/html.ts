// Telegram HTML parse mode: every piece of user or agent text goes through `escapeHtml`, so `<`, `>` and
// `&` arrive as typed and Markdown-looking characters (backticks, `*`, `_`) are not formatting at all.

/** Telegram rejects a message over 4096 characters after entity parsing; this leaves room for markup. */
export const MAX_MESSAGE_CHARS = 3800;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** Shortens before escaping, so a cut never lands inside an entity. */
export function clip(text: string, max: number): string {
  const chars = Array.from(text);
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}

export function bold(text: string): string {
  return `<b>${escapeHtml(text)}</b>`;
}

export function code(text: string): string {
  return `<code>${escapeHtml(text)}</code>`;
}

/** Escaped, clipped text. */
export function plain(text: string, max = 1500): string {
  return escapeHtml(clip(text, max));
}

/** Joins lines until the budget is spent; the rest is summarised by `overflow(n)`. */
export function joinWithin(lines: string[], budget: number, overflow: (left: number) => string): string {
  const kept: string[] = [];
  let used = 0;
  for (const [index, line] of lines.entries()) {
    if (used + line.length + 1 > budget) {
      kept.push(escapeHtml(overflow(lines.length - index)));
      break;
    }
    kept.push(line);
    used += line.length + 1;
  }
  return kept.join("\n");
}

/** What a reader sees: our tags dropped, entities decoded (all user text was escaped, so tags are ours). */
export function htmlToText(html: string): string {
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
