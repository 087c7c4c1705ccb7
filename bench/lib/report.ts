// Renders results as Markdown tables (printed and saved) and writes results/latest.json and latest.md.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { type BenchResult, describeTarget, type Measure, type Unit } from "./benchmark.ts";
import type { Machine } from "./machine.ts";

export function formatValue(value: number, unit: Unit): string {
  const digits = unit === "MB" || Math.abs(value) < 100 ? 1 : 0;
  return `${value.toFixed(digits)} ${unit}`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.map((cell) => cell.replaceAll("|", "\\|")).join(" | ")} |`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[]): string {
  return [row(head), row(head.map(() => "---")), ...rows.map(row)].join("\n");
}

function subjectOf(result: BenchResult): Measure | undefined {
  return result.status === "failed" ? undefined : result.measures.find((m) => m.id === result.target.measure);
}

export function summaryTable(results: readonly BenchResult[]): string {
  const rows = results.map((result) => {
    const subject = subjectOf(result);
    const id = result.earlier === undefined ? result.id : `${result.id} (earlier: ${result.earlier})`;
    if (result.status === "failed" || subject === undefined) {
      return [id, "", "", "", "", "", `could not run: ${result.status === "failed" ? result.reason : ""}`];
    }
    return [
      id,
      describeTarget(result.target, subject.unit),
      formatValue(subject.summary.median, subject.unit),
      formatValue(subject.summary.p90, subject.unit),
      String(subject.summary.n),
      `${result.ratio.toFixed(2)}×`,
      result.status,
    ];
  });
  return table(["benchmark", "target", "median", "p90", "n", "of target", "verdict"], rows);
}

function details(result: BenchResult): string {
  const title = `### ${result.id}: ${result.title}`;
  if (result.status === "failed") return `${title}\n\nCould not run: ${result.reason}`;
  const rows = result.measures.map((m) => [
    m.label,
    String(m.summary.n),
    formatValue(m.summary.median, m.unit),
    formatValue(m.summary.p90, m.unit),
    formatValue(m.summary.min, m.unit),
    formatValue(m.summary.max, m.unit),
  ]);
  const notes = result.notes.map((note) => `- ${note}`).join("\n");
  const measures = table(["measure", "n", "median", "p90", "min", "max"], rows);
  return `${title}\n\n${measures}\n\n${notes}\n- took ${result.seconds.toFixed(0)} s`;
}

export function renderMarkdown(machine: Machine, results: readonly BenchResult[]): string {
  const facts = [
    `- date: ${machine.date}`,
    `- machine: ${machine.cores} cores (${machine.cpuModel}), ${machine.memoryGiB} GiB memory (${machine.freeMemoryGiB} GiB free), load ${machine.loadAverage1m}`,
    `- node ${machine.node}, ${machine.os}`,
    `- samocode commit ${machine.commit}`,
  ].join("\n");
  const body = results.map(details).join("\n\n");
  return `# Benchmark results\n\nWritten by \`pnpm bench\`. Targets from issue 5 are reported, not enforced.\n\n${facts}\n\n${summaryTable(results)}\n\n## Details\n\n${body}\n`;
}

export async function writeResults(
  dir: string,
  machine: Machine,
  results: readonly BenchResult[],
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const json = join(dir, "latest.json");
  const md = join(dir, "latest.md");
  // A run of some benchmarks keeps the others' latest results, marked with when they were measured.
  const all = [...results, ...(await earlierResults(json, results))];
  await writeFile(json, `${JSON.stringify({ machine, results: all }, null, 2)}\n`);
  await writeFile(md, renderMarkdown(machine, all));
  return [json, md];
}

async function earlierResults(json: string, fresh: readonly BenchResult[]): Promise<BenchResult[]> {
  let previous: { machine?: Partial<Machine>; results?: BenchResult[] };
  try {
    previous = JSON.parse(await readFile(json, "utf8")) as typeof previous;
  } catch {
    return [];
  }
  const ran = new Set(fresh.map((result) => result.id));
  const when = `${previous.machine?.date?.slice(0, 16) ?? "?"}, ${previous.machine?.commit ?? "?"}`;
  return (previous.results ?? [])
    .filter((result) => !ran.has(result.id))
    .map((result) => ({ ...result, earlier: result.earlier ?? when }));
}
