// The scripted provider's script: runs of steps, chosen in order or by session phase, validated once at load.
import { z } from "zod";

export const SCRIPT_ERROR_KINDS = ["rate_limit", "overload", "auth", "max_turns", "other"] as const;
export type ScriptErrorKind = (typeof SCRIPT_ERROR_KINDS)[number];

const text = z.string();
const tokens = z.number().int().nonnegative();
const filePath = z.string().min(1);

// Bare-name steps (`- hang`) carry a null argument; `init` may also name its conversation id.
const STEP_ARGS = {
  init: z.strictObject({ id: z.string().min(1) }).nullable(),
  say: text,
  tool: z.strictObject({
    name: z.string().min(1),
    input: z.record(z.string(), z.unknown()).default({}),
    output: text.optional(),
  }),
  write: z
    .strictObject({ path: filePath, text: text.optional(), json: z.unknown().optional() })
    .refine((arg) => (arg.text === undefined) !== (arg.json === undefined), {
      message: "give exactly one of `text` or `json`",
    }),
  append: z.strictObject({ path: filePath, text }),
  commit: z.strictObject({ message: z.string().min(1), add: z.array(filePath).min(1).optional() }),
  /** A command the fake agent really runs, as its shell tool would: argv (no shell), optional extra env. */
  run: z.strictObject({
    command: z.array(z.string().min(1)).min(1),
    env: z.record(z.string(), z.string()).optional(),
  }),
  sleep: z.number().int().nonnegative(),
  result: z.strictObject({
    text: text.optional(),
    costUsd: z.number().nonnegative().optional(),
    inputTokens: tokens.optional(),
    outputTokens: tokens.optional(),
    cacheReadTokens: tokens.optional(),
    cacheWriteTokens: tokens.optional(),
    turns: z.number().int().positive().optional(),
    isError: z.boolean().optional(),
    subtype: z.string().min(1).optional(),
  }),
  error: z.strictObject({
    kind: z.enum(SCRIPT_ERROR_KINDS),
    message: text.optional(),
    resetInSeconds: z.number().int().nonnegative().optional(),
  }),
  partial: text,
  flood: z.strictObject({ bytes: z.number().int().positive() }),
  grandchild: z.strictObject({ seconds: z.number().positive() }),
  "ignore-sigterm": z.null(),
  hang: z.null(),
  stderr: text,
  exit: z.number().int().min(0).max(255),
} as const;

type StepArgSchemas = typeof STEP_ARGS;
export type ScriptStepName = keyof StepArgSchemas;
export const SCRIPT_STEP_NAMES = Object.keys(STEP_ARGS) as ScriptStepName[];
export type ScriptStepArg<K extends ScriptStepName> = z.output<StepArgSchemas[K]>;
type AnyStep = { [K in ScriptStepName]: { kind: K; arg: ScriptStepArg<K> } }[ScriptStepName];

function isStepName(key: string): key is ScriptStepName {
  return Object.hasOwn(STEP_ARGS, key);
}

function splitStep(raw: unknown): [string, unknown] | undefined {
  if (typeof raw === "string") return [raw, null];
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) return undefined;
  const entries = Object.entries(raw);
  return entries.length === 1 ? entries[0] : undefined;
}

/** A step is a bare name (`init`) or a one-key object (`{say: "hi"}`); normalized to `{kind, arg}`. */
export const ScriptStepSchema = z.unknown().transform((raw, ctx): AnyStep => {
  const split = splitStep(raw);
  if (split === undefined) {
    const message = 'a step is a name like "init" or an object with exactly one key like {say: "hi"}';
    ctx.issues.push({ code: "custom", message, input: raw });
    return z.NEVER;
  }
  const [key, arg] = split;
  if (!isStepName(key)) {
    const message = `unknown step "${key}" (known: ${SCRIPT_STEP_NAMES.join(", ")})`;
    ctx.issues.push({ code: "custom", message, input: raw });
    return z.NEVER;
  }
  const parsed = STEP_ARGS[key].safeParse(arg);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      ctx.issues.push({ code: "custom", message: issue.message, input: arg, path: [key, ...issue.path] });
    }
    return z.NEVER;
  }
  // The key and its schema were picked together above, so the pair is one member of the union.
  return { kind: key, arg: parsed.data } as AnyStep;
});
export type ScriptStep = z.infer<typeof ScriptStepSchema>;
export type ScriptStepOf<K extends ScriptStepName> = Extract<ScriptStep, { kind: K }>;

export const ScriptRunSchema = z.array(ScriptStepSchema);
export type ScriptRun = z.infer<typeof ScriptRunSchema>;

export const ScriptSchema = z
  .strictObject({
    runs: z.array(ScriptRunSchema).min(1).optional(),
    phases: z.record(z.string().min(1), z.array(ScriptRunSchema).min(1)).optional(),
  })
  .refine((script) => (script.runs === undefined) !== (script.phases === undefined), {
    message: "a script has exactly one of `runs` (sequential) or `phases` (by session phase)",
  });
export type Script = z.infer<typeof ScriptSchema>;
