import { describe, expect, it } from "vitest";
import { parseTelegramHtml } from "./telegram-html.ts";

describe("the fake's HTML parse mode", () => {
  it("renders supported tags and entities as a reader sees them", () => {
    expect(parseTelegramHtml("<b>bold</b> &lt;x&gt; &amp; &quot;q&quot; &#33; `a` *b* _c_")).toEqual({
      ok: true,
      text: 'bold <x> & "q" ! `a` *b* _c_',
    });
  });

  it.each([
    ["a < b", /Unsupported start tag/],
    ["<script>x</script>", /Unsupported start tag/],
    ["fish & chips", /end of the entity/],
    ["a > b", /Unexpected ">"/],
    ["<b>open", /end tag/],
    ["<b><i>x</b></i>", /Unmatched end tag/],
  ])("refuses %j like Telegram does", (html, error) => {
    const parsed = parseTelegramHtml(html);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toMatch(error);
  });
});
