import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { PHASES } from "../phases/phase-names.ts";
import { renderSignalJsonSchema, SIGNAL_JSON_SCHEMA_PATH, signalJsonSchema } from "./signal-json-schema.ts";
import { BLOCKED_NEEDS, SIGNAL_STATUSES, WAITING_FOR } from "./signal-schema.ts";

const committed = fileURLToPath(new URL(`../../../../${SIGNAL_JSON_SCHEMA_PATH}`, import.meta.url));

type Branch = { properties: Record<string, { pattern?: string; enum?: unknown; const?: unknown }> };

function branches(): Branch[] {
  return signalJsonSchema().oneOf as Branch[];
}

function patternOf(status: string, field: string): RegExp {
  const branch = branches().find((b) => new RegExp(b.properties.status?.pattern ?? "$^").test(status));
  const pattern = branch?.properties[field]?.pattern;
  if (pattern === undefined) throw new Error(`no pattern for ${status}.${field}`);
  return new RegExp(pattern);
}

describe("docs/signal.schema.json", () => {
  it("matches the zod schema byte for byte", async () => {
    const onDisk = await readFile(committed, "utf8").catch(() => "(missing)");
    expect(
      onDisk === renderSignalJsonSchema(),
      `${SIGNAL_JSON_SCHEMA_PATH} drifted from the zod schema; run \`pnpm gen:schema\``,
    ).toBe(true);
  });

  it("has one branch per status, each keeping additional properties allowed", () => {
    const all = branches();
    expect(all).toHaveLength(SIGNAL_STATUSES.length);
    for (const branch of all) expect(branch).toMatchObject({ additionalProperties: {} });
    for (const status of SIGNAL_STATUSES) {
      const matching = all.filter((b) => new RegExp(b.properties.status?.pattern ?? "$^").test(status));
      expect(matching, status).toHaveLength(1);
    }
  });

  it("shows case-insensitivity as patterns, with no case-sensitive enum or const left", () => {
    expect(renderSignalJsonSchema()).not.toMatch(/"(enum|const)"/);
    expect(patternOf("continue", "status").test("CoNtInUe")).toBe(true);
    expect(patternOf("continue", "status").test("continued")).toBe(false);
    for (const phase of PHASES) expect(patternOf("continue", "phase").test(phase.toUpperCase())).toBe(true);
    expect(patternOf("continue", "phase").test("deploy")).toBe(false);
    for (const wait of WAITING_FOR) expect(patternOf("waiting", "for").test(wait.toUpperCase())).toBe(true);
    for (const needs of BLOCKED_NEEDS) expect(patternOf("blocked", "needs").test(needs)).toBe(true);
    expect(patternOf("blocked", "needs").test("human decision")).toBe(false);
  });
});
