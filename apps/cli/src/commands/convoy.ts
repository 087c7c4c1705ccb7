// `samocode convoy create | status | merge`: a group of sessions spawned together, followed as one, and
// merged in the order they were created. The supervisor announces when it lands or a member gets stuck.
import {
  PROVIDER_NAMES,
  type ProviderName,
  preflight,
  SamocodeError,
  validateSessionName,
} from "@samocode/core";
import {
  type ConvoyProgress,
  convoyPath,
  createConvoyFile,
  listConvoys,
  readConvoy,
  readConvoyProgress,
  spawnSession,
  validateConvoyId,
  workerLaunch,
} from "@samocode/supervisor";
import Table from "cli-table3";
import { type Command, Option } from "commander";
import type { CliContext } from "../cli-context.ts";
import type { MergeOptions } from "../merge-sessions.ts";
import { convoyMembers, mergeSessions } from "../merge-sessions.ts";
import { positiveAmount } from "../number-options.ts";

interface CreateOptions {
  task: string[];
  autoApprove?: true;
  provider?: ProviderName;
  model?: string;
  base?: string;
  budgetUsd?: number;
}

export function registerConvoyCommands(program: Command, context: CliContext): void {
  const convoy = program
    .command("convoy")
    .description("a group of sessions spawned together, followed and merged as one");
  convoy
    .command("create")
    .description("spawn one session per --task as PM2 workers, grouped under <name>")
    .argument("<name>", "the convoy's name; its sessions are <name>-1, <name>-2, …")
    .requiredOption("--task <text>", "a task (repeat for each session)", collect)
    .option("--auto-approve", "skip the Q&A and plan gates in every session")
    .addOption(new Option("--provider <name>", "the agent CLI to drive").choices(PROVIDER_NAMES))
    .option("--model <model>", "the model for the provider")
    .option("--base <ref>", "the branch or commit every session's branch starts from")
    .option("--budget-usd <amount>", "a budget for each session", positiveAmount("--budget-usd"))
    .action((name: string, options: CreateOptions) => create(context, name, options));
  convoy
    .command("status")
    .description("every convoy's progress, or one convoy's sessions")
    .argument("[name]", "one convoy")
    .option("--json", "print as JSON")
    .action((name: string | undefined, options: { json?: true }) =>
      name === undefined
        ? overview(context, options.json === true)
        : detail(context, name, options.json === true),
    );
  convoy
    .command("merge")
    .description("merge the convoy's finished sessions into a branch, in the order they were created")
    .argument("<name>", "the convoy")
    .option("--into <branch>", "the target branch (default: the main checkout's)")
    .option("--squash", "one commit per session instead of a merge commit")
    .action(async (name: string, options: MergeOptions) => {
      const found = await requireConvoy(context, name);
      await mergeSessions(context, await convoyMembers(context, found), options);
    });
}

async function create(context: CliContext, name: string, options: CreateOptions): Promise<void> {
  const config = await context.config();
  const tasks = options.task.map((task) => task.trim());
  if (tasks.length === 0 || tasks.some((task) => task === ""))
    throw new SamocodeError("usage", "every --task needs some text");
  // Every member's name is checked before anything exists, so a bad one leaves no half-made convoy.
  for (const index of tasks.keys()) {
    const named = validateSessionName(`${name}-${index + 1}`);
    if (!named.ok) throw new SamocodeError("usage", `convoy ${name}: ${named.reason}`);
  }
  const checked = await preflight({
    config,
    provider: options.provider ?? config.runtime.provider,
    base: options.base,
  });
  if (!checked.ok) throw new SamocodeError("usage", checked.reason);
  const made = await createConvoyFile(config.paths.sessions, name);
  if (!made.ok) throw new SamocodeError("usage", made.reason);
  const s = await context.samocode();
  const rest = (index: number) =>
    `convoy ${name} has ${index} of ${tasks.length} sessions; add the others with: ${s} spawn "<task>" --name ${name}-<n> --convoy ${name}`;
  let manual = false;
  const launch = await workerLaunch(config, context.env, process.execPath);
  for (const [index, task] of tasks.entries()) {
    const spawned = await spawnSession({
      launch,
      task,
      name: `${name}-${index + 1}`,
      provider: options.provider,
      model: options.model,
      base: options.base,
      autoApprove: options.autoApprove === true,
      convoy: name,
      budgetUsd: options.budgetUsd,
    });
    if (!spawned.ok)
      throw new SamocodeError(
        "usage",
        `convoy ${name}, task ${index + 1}: ${spawned.reason}\n${rest(index)}`,
      );
    const { session, worker } = spawned;
    if (!worker.ok)
      throw new SamocodeError(
        "io",
        `${session.id} was created but PM2 did not take its worker: ${worker.reason}\nretry with: ${s} restart ${session.id}`,
        { cause: worker.cause },
      );
    manual ||= worker.supervisor === "manual";
    context.print(`${session.id}: spawned as PM2 worker ${worker.app}`);
  }
  context.print(`convoy ${name}: ${tasks.length} sessions`);
  context.print(`  watch:  ${s} convoy status ${name}    merge when landed: ${s} convoy merge ${name}`);
  if (manual)
    context.note(
      "note: SAMOCODE_SUPERVISOR=manual: nobody announces the convoy landing until you start the supervisor (samocode supervisor start)",
    );
}

async function overview(context: CliContext, json: boolean): Promise<void> {
  const root = (await context.config()).paths.sessions;
  const rows = [];
  for (const listed of await listConvoys(root)) {
    if ("error" in listed) {
      context.warn(`convoy ${listed.id}: ${listed.error}`);
      continue;
    }
    rows.push(await readConvoyProgress(root, listed.convoy));
  }
  if (json) return context.print(JSON.stringify(rows.map(summaryJson), null, 2));
  if (rows.length === 0)
    return context.print(
      `no convoys yet; start one with: ${await context.samocode()} convoy create <name> --task … --task …`,
    );
  const table = new Table({
    head: ["convoy", "sessions", "state", "members"],
    style: { head: [], border: [], compact: true },
  });
  for (const row of rows) table.push([row.id, row.members.length, row.verdict, countsLine(row)]);
  context.print(table.toString());
}

async function detail(context: CliContext, name: string, json: boolean): Promise<void> {
  const root = (await context.config()).paths.sessions;
  const progress = await readConvoyProgress(root, await requireConvoy(context, name));
  if (json) return context.print(JSON.stringify(summaryJson(progress), null, 2));
  context.print(`convoy ${progress.id}: ${progress.verdict} (${countsLine(progress) || "no sessions"})`);
  const table = new Table({
    head: ["session", "state", "phase", "iter", "detail", "cost"],
    style: { head: [], border: [], compact: true },
    colWidths: [null, null, null, null, 50, null],
    wordWrap: true,
  });
  for (const member of progress.members) {
    const hook = member.hook;
    table.push([
      member.session,
      member.state,
      hook?.phase ?? "",
      hook?.iteration ?? "",
      member.detail,
      hook ? `$${hook.costUsd.toFixed(2)}` : "",
    ]);
  }
  context.print(table.toString());
}

async function requireConvoy(context: CliContext, name: string) {
  const root = (await context.config()).paths.sessions;
  const found = validateConvoyId(name).ok ? await readConvoy(convoyPath(root, name)) : undefined;
  if (found === undefined)
    throw new SamocodeError("usage", `no convoy named ${JSON.stringify(name)} in ${root}`);
  return found;
}

function summaryJson(progress: ConvoyProgress) {
  return {
    convoy: progress.id,
    state: progress.verdict,
    counts: progress.counts,
    sessions: progress.members.map((member) => ({
      session: member.session,
      state: member.state,
      phase: member.hook?.phase ?? null,
      iteration: member.hook?.iteration ?? null,
      detail: member.detail,
      costUsd: member.hook?.costUsd ?? null,
      branch: member.hook?.branch ?? null,
    })),
  };
}

function countsLine(progress: ConvoyProgress): string {
  return Object.entries(progress.counts)
    .map(([state, count]) => `${count} ${state}`)
    .join(", ");
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
