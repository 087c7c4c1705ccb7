// Telegram's HTML parse mode as strict as the real server: a `<`, `>` or `&` that is not part of a
// supported tag or entity is refused, so a message that passes here renders as the user sees it.

const TAGS = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "span",
  "tg-spoiler",
  "a",
  "code",
  "pre",
  "blockquote",
  "tg-emoji",
]);
const ENTITY = /^&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/i;
const TAG = /^<(\/?)([a-z-]+)(\s[^<>]*)?>/i;

export type HtmlParse = { ok: true; text: string } | { ok: false; error: string };

export function parseTelegramHtml(html: string): HtmlParse {
  const open: string[] = [];
  let text = "";
  let index = 0;
  while (index < html.length) {
    const rest = html.slice(index);
    const char = html[index];
    if (char === "&") {
      const entity = ENTITY.exec(rest);
      if (entity === null) return fail(`Can't find end of the entity starting at byte offset ${index}`);
      text += decode(entity[1] ?? "");
      index += entity[0].length;
    } else if (char === "<") {
      const tag = TAG.exec(rest);
      const name = tag?.[2]?.toLowerCase() ?? "";
      if (tag === null || !TAGS.has(name)) return fail(`Unsupported start tag at byte offset ${index}`);
      if (tag[1] === "/") {
        if (open.pop() !== name) return fail(`Unmatched end tag at byte offset ${index}`);
      } else open.push(name);
      index += tag[0].length;
    } else if (char === ">") {
      return fail(`Unexpected ">" at byte offset ${index}`);
    } else {
      text += char;
      index += 1;
    }
  }
  if (open.length > 0) return fail(`Can't find end tag corresponding to start tag "${open.at(-1)}"`);
  return { ok: true, text };
}

function fail(error: string): HtmlParse {
  return { ok: false, error: `Bad Request: can't parse entities: ${error}` };
}

function decode(name: string): string {
  const lower = name.toLowerCase();
  if (lower === "lt") return "<";
  if (lower === "gt") return ">";
  if (lower === "amp") return "&";
  if (lower === "quot") return '"';
  const code = lower.startsWith("#x") ? Number.parseInt(lower.slice(2), 16) : Number(lower.slice(1));
  return String.fromCodePoint(code);
}
