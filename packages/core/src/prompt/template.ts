// Fills `{{name}}` placeholders in prompt files; a placeholder without a value is a bug, so it throws.
import { SamocodeError } from "../errors.ts";

export function fillTemplate(text: string, values: Readonly<Record<string, string>>, source: string): string {
  return text.replace(/\{\{\s*([a-zA-Z][a-zA-Z0-9]*)\s*\}\}/g, (_match, key: string) => {
    const value = values[key];
    if (value === undefined) {
      throw new SamocodeError("internal", `${source} uses {{${key}}}, which samocode does not provide`);
    }
    return value;
  });
}
