// Summaries of repeated measurements: medians and percentiles, never a single wall-clock reading.

export type Summary = {
  n: number;
  median: number;
  p90: number;
  min: number;
  max: number;
  mean: number;
};

/** Linear interpolation between the closest ranks of an ascending array (p in 0..100). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) throw new RangeError("percentile of no values");
  const rank = (p / 100) * (sorted.length - 1);
  const low = Math.floor(rank);
  const high = Math.ceil(rank);
  const lowValue = sorted[low] ?? Number.NaN;
  const highValue = sorted[high] ?? Number.NaN;
  return lowValue + (highValue - lowValue) * (rank - low);
}

export function summarize(values: readonly number[]): Summary {
  if (values.length === 0) throw new RangeError("summary of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const sum = sorted.reduce((total, value) => total + value, 0);
  return {
    n: sorted.length,
    median: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    min: sorted[0] ?? Number.NaN,
    max: sorted.at(-1) ?? Number.NaN,
    mean: sum / sorted.length,
  };
}

/** Milliseconds since the epoch with sub-millisecond precision, comparable with other processes' clocks. */
export function nowMs(): number {
  return performance.timeOrigin + performance.now();
}
