// What a benchmark is and what it reports: named measures with their summaries, and one target from issue 5
// judged met or missed (reported, never enforced).
import type { Scope } from "./cleanup.ts";
import { type Summary, summarize } from "./stats.ts";

export const UNITS = ["ms", "MB"] as const;
export type Unit = (typeof UNITS)[number];

export type Measure = {
  id: string;
  label: string;
  unit: Unit;
  summary: Summary;
};

export type Target = {
  /** The measure the target is about. */
  measure: string;
  stat: "median" | "p90";
  /** `<` when `strict`, else `≤`. */
  limit: number;
  strict: boolean;
  /** When set, `limit` is a multiple of this measure's median (issue 16: at most 1.5× a floor). */
  relativeTo?: string;
};

export type BenchContext = {
  scope: Scope;
  /** A progress line on stderr. */
  log: (line: string) => void;
};

export type Benchmark = {
  id: string;
  title: string;
  target: Target;
  run: (ctx: BenchContext) => Promise<{ measures: Measure[]; notes: string[] }>;
};

export type BenchResult = (
  | {
      id: string;
      title: string;
      status: "met" | "missed";
      target: Target;
      /** The target's statistic divided by its limit: below 1 is inside the target. */
      ratio: number;
      measures: Measure[];
      notes: string[];
      seconds: number;
    }
  | { id: string; title: string; status: "failed"; target: Target; reason: string; seconds: number }
) & {
  /** Set on a result kept from an earlier `pnpm bench` because this run did not include it: when and on
   * which commit it was measured. */
  earlier?: string;
};

export function measure(id: string, label: string, unit: Unit, values: readonly number[]): Measure {
  return { id, label, unit, summary: summarize(values) };
}

export function judge(target: Target, measures: readonly Measure[]): { met: boolean; ratio: number } {
  const subject = measures.find((m) => m.id === target.measure);
  if (subject === undefined)
    throw new Error(`the target names measure "${target.measure}", which is missing`);
  const value = subject.summary[target.stat];
  const limit =
    target.relativeTo === undefined ? target.limit : target.limit * medianOf(measures, target.relativeTo);
  return { met: target.strict ? value < limit : value <= limit, ratio: value / limit };
}

export function describeTarget(target: Target, unit: Unit): string {
  const limit =
    target.relativeTo === undefined ? `${target.limit} ${unit}` : `${target.limit}× ${target.relativeTo}`;
  return `${target.stat} ${target.strict ? "<" : "≤"} ${limit}`;
}

export function medianOf(measures: readonly Measure[], id: string): number {
  const found = measures.find((m) => m.id === id);
  if (found === undefined) throw new Error(`no measure "${id}"`);
  return found.summary.median;
}

/** Median of measure `a` over median of measure `b`, for notes like "2.3× a bare node". */
export function medianRatio(measures: readonly Measure[], a: string, b: string): number {
  return medianOf(measures, a) / medianOf(measures, b);
}
