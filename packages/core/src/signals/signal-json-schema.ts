// Renders the signal zod schema as the JSON Schema agents read (`docs/signal.schema.json`).
import { z } from "zod";
import { SignalShapeSchema } from "./signal-schema.ts";

export const SIGNAL_JSON_SCHEMA_PATH = "docs/signal.schema.json";

type JsonSchemaNode = Record<string, unknown>;

export function signalJsonSchema(): JsonSchemaNode {
  const generated = z.toJSONSchema(SignalShapeSchema, {
    io: "input",
    override: (ctx) => caseInsensitive(ctx.jsonSchema as JsonSchemaNode),
  });
  return {
    $schema: generated.$schema,
    title: "samocode signal (_signal.json)",
    description:
      "The agent's decision for one iteration, discriminated on `status`. Every enum value " +
      "(status, phase, for, needs) is case-insensitive; unknown extra fields are allowed and kept " +
      "in history. An empty object counts as no signal. See docs/signals.md.",
    oneOf: generated.oneOf,
  };
}

// The exact file content, so the generator and the drift test agree byte for byte.
export function renderSignalJsonSchema(): string {
  return `${JSON.stringify(signalJsonSchema(), null, 2)}\n`;
}

// Every enum in the signal schema accepts any case, and a plain `enum`/`const` would tell a JSON
// Schema validator otherwise; a pattern says the truth and the description names the canonical values.
function caseInsensitive(node: JsonSchemaNode): void {
  const values = node.const !== undefined ? [node.const] : node.enum;
  if (node.type !== "string" || !Array.isArray(values)) return;
  const words = values.filter((value): value is string => typeof value === "string");
  delete node.const;
  delete node.enum;
  node.pattern = `^(?:${words.map(anyCasePattern).join("|")})$`;
  const quoted = words.map((word) => `"${word}"`);
  const oneOf = `${quoted.length === 1 ? quoted[0] : `One of ${quoted.join(" | ")}`} (case-insensitive).`;
  node.description = typeof node.description === "string" ? `${node.description} ${oneOf}` : oneOf;
}

function anyCasePattern(word: string): string {
  return [...word]
    .map((char) => {
      const lower = char.toLowerCase();
      const upper = char.toUpperCase();
      if (lower !== upper) return `[${lower}${upper}]`;
      return /[a-z0-9_-]/i.test(char) ? char : `\\${char}`;
    })
    .join("");
}
