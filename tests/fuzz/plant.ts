// What the fuzz suite puts at a path an agent or a human can write: any bytes, text with BOMs, CRLF and NULs,
// JSON near a valid record or far from it (wrong types, huge, deeply nested), and whatever else can have a
// file's name — a symlink out of the session folder or to /dev/zero, a dangling one, a folder, a FIFO, a
// sparse file of many megabytes. Plus the watch that nothing outside the session folder changed.
import { execFileSync } from "node:child_process";
import { mkdir, open, readdir, readFile, symlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import fc from "fast-check";

/** Bounded runs (issue 13: the fuzz suite and the full-disk e2e stay within about a minute together). */
export const FUZZ = {
  numRuns: Number(process.env.SAMOCODE_FUZZ_RUNS ?? 100),
  ...(process.env.SAMOCODE_FUZZ_SEED === undefined ? {} : { seed: Number(process.env.SAMOCODE_FUZZ_SEED) }),
  // fast-check's failure report prints the seed and path that replay it; it is repeated here on purpose.
  verbose: 1,
} as const;

/** Any reader call that takes longer than this counts as a hang. */
const HANG_MS = 5_000;

export type Planted =
  | { kind: "bytes"; bytes: Uint8Array }
  | { kind: "text"; text: string }
  | { kind: "symlink-out" }
  | { kind: "symlink-dev-zero" }
  | { kind: "dangling-symlink" }
  | { kind: "folder" }
  | { kind: "fifo" }
  | { kind: "sparse"; bytes: number };

/** Text as editors and agents write it: a BOM in front, CRLF line ends, NULs dropped in. */
function variants(text: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.tuple(text, fc.boolean(), fc.boolean(), fc.nat({ max: 3 })).map(([value, bom, crlf, nuls]) => {
    let out = crlf ? value.replace(/\n/g, "\r\n") : value;
    for (let i = 0; i < nuls; i++) {
      const at = Math.floor((out.length * (i + 1)) / (nuls + 1));
      out = `${out.slice(0, at)}\u0000${out.slice(at)}`;
    }
    return bom ? `\uFEFF${out}` : out;
  });
}

/** A valid record with one field given any JSON value, or removed. */
function nearValid(sample: Record<string, unknown>): fc.Arbitrary<string> {
  const keys = Object.keys(sample);
  return fc
    .tuple(fc.constantFrom(...keys), fc.option(fc.jsonValue({ maxDepth: 3 }), { nil: undefined }))
    .map(([key, value]) => {
      const copy: Record<string, unknown> = { ...sample };
      if (value === undefined) delete copy[key];
      else copy[key] = value;
      return JSON.stringify(copy);
    });
}

const deepJson = fc
  .tuple(fc.integer({ min: 20, max: 200_000 }), fc.boolean())
  .map(([depth, objects]) =>
    objects ? `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}` : `${"[".repeat(depth)}${"]".repeat(depth)}`,
  );

/** Content for a JSON file; `valid` records are mutated, everything else is noise of every kind. */
export function jsonPlant(...valid: Record<string, unknown>[]): fc.Arbitrary<Planted> {
  const texts = fc.oneof(
    ...valid.map((sample) => ({ weight: 4, arbitrary: nearValid(sample) })),
    ...valid.map((sample) => ({ weight: 1, arbitrary: fc.constant(JSON.stringify(sample)) })),
    { weight: 2, arbitrary: fc.json({ maxDepth: 4 }) },
    { weight: 1, arbitrary: deepJson },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 200 }) },
  );
  return anyPlant(variants(texts));
}

/** Content for a text file (`_qa.md`, `.samocode`, `.env`): `lines` near the format, and noise. */
export function textPlant(lines: fc.Arbitrary<string>): fc.Arbitrary<Planted> {
  const texts = fc.oneof(
    { weight: 4, arbitrary: fc.array(lines, { maxLength: 30 }).map((all) => all.join("\n")) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 300 }) },
    { weight: 1, arbitrary: deepJson },
  );
  return anyPlant(variants(texts));
}

function anyPlant(texts: fc.Arbitrary<string>): fc.Arbitrary<Planted> {
  return fc.oneof(
    { weight: 10, arbitrary: texts.map((text): Planted => ({ kind: "text", text })) },
    {
      weight: 2,
      arbitrary: fc.uint8Array({ maxLength: 512 }).map((bytes): Planted => ({ kind: "bytes", bytes })),
    },
    {
      weight: 4,
      arbitrary: fc.constantFrom<Planted>(
        { kind: "symlink-out" },
        { kind: "symlink-dev-zero" },
        { kind: "dangling-symlink" },
        { kind: "folder" },
        { kind: "fifo" },
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .integer({ min: 2, max: 200 })
        .map((mib): Planted => ({ kind: "sparse", bytes: mib * 1024 * 1024 })),
    },
  );
}

/** A session root with one session folder and, beside it, the folder symlinks lead out to. */
export async function arena(base: string, run: number) {
  const root = join(base, `run-${run}`);
  const session = join(root, "sessions", "26-11-21-fuzz");
  const outside = join(root, "outside");
  await mkdir(session, { recursive: true });
  await mkdir(outside, { recursive: true });
  const target = join(outside, "target");
  await writeFile(target, '{"status":"continue","pid":1,"note":"outside the session"}');
  const before = await snapshot(outside);
  return {
    root,
    session,
    outside,
    target,
    /** Nothing outside the session folder was created, removed or changed. */
    untouchedOutside: async () => (await snapshot(outside)) === before,
  };
}

export async function plant(path: string, what: Planted, target: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  switch (what.kind) {
    case "bytes":
      return writeFile(path, what.bytes);
    case "text":
      return writeFile(path, what.text);
    case "symlink-out":
      return symlink(target, path);
    case "symlink-dev-zero":
      return symlink("/dev/zero", path);
    case "dangling-symlink":
      return symlink(join(dirname(target), "nothing-here"), path);
    case "folder":
      await mkdir(join(path, "inner"), { recursive: true });
      return;
    case "fifo":
      // Node has no mkfifo; nothing ever writes to this one, so a reader that waits on it hangs.
      execFileSync("mkfifo", [path]);
      return;
    case "sparse": {
      const file = await open(path, "w");
      await file.truncate(what.bytes);
      await file.close();
      return;
    }
  }
}

/** The call's outcome, or a failure naming what hung. */
export async function within<T>(what: string, call: () => Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} hung for ${HANG_MS} ms`)), HANG_MS);
  });
  try {
    return await Promise.race([call(), hang]);
  } finally {
    clearTimeout(timer);
  }
}

async function snapshot(dir: string): Promise<string> {
  const names = (await readdir(dir)).sort();
  const parts = await Promise.all(
    names.map(async (name) => `${name}=${await readFile(join(dir, name), "utf8").catch(() => "?")}`),
  );
  return parts.join("\n");
}
