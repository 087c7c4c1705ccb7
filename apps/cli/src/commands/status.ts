// `samocode status | ls`: a table of every session (children included) from the folders and PM2's list.
import { setTimeout as sleep } from "node:timers/promises";
import { onlyFor } from "@samocode/core";
import { collectStatus, type StatusView, workerLaunch } from "@samocode/supervisor";
import Table from "cli-table3";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";
import { gateHints } from "../gate-hints.ts";
import { resolveSessionArg } from "../session-arg.ts";

const WATCH_MS = 2_000;
const DETAIL_WIDTH = 44;

interface StatusOptions {
  json?: true;
  watch?: true;
}

export function registerStatusCommand(program: Command, context: CliContext): void {
  program
    .command("status")
    .alias("ls")
    .description(
      "show every session: phase, state, what it waits for, its PM2 worker, cost (no daemon is started)",
    )
    .argument("[session]", "only this session and its children")
    .option("--json", "print the rows as JSON")
    .option("--watch", "redraw every 2 s until Ctrl-C")
    .action(async (ref: string | undefined, options: StatusOptions) => {
      const config = await context.config();
      const only = ref === undefined ? undefined : await resolveSessionArg(context, ref);
      const { project } = await workerLaunch(config, context.env, process.execPath);
      const command = await context.samocode();
      const view = () =>
        collectStatus(
          { sessionsRoot: config.paths.sessions, config: project.config },
          { now: new Date(), only, command },
        );
      if (options.watch !== true) return show(context, await view(), options.json === true, command);
      const stop = new AbortController();
      process.once("SIGINT", () => stop.abort());
      while (!stop.signal.aborted) {
        const shown = await view();
        // Clear the screen and home the cursor, then draw: no flicker of a half-drawn table.
        context.print(`\x1b[2J\x1b[H${new Date().toLocaleTimeString()}  (Ctrl-C to stop)`);
        show(context, shown, options.json === true, command);
        await sleep(WATCH_MS, undefined, { signal: stop.signal }).catch(
          onlyFor(["ABORT_ERR"], undefined, "watch"),
        );
      }
    });
}

function show(context: CliContext, view: StatusView, json: boolean, command: string): void {
  if (json) {
    context.print(JSON.stringify(view, null, 2));
    return;
  }
  if (view.rows.length === 0) {
    context.print(`no sessions yet; start one with: ${command} spawn "<task>"`);
    return;
  }
  context.print(renderStatusTable(view));
  // What to type for each session at a gate or a stop; a session without its loop says so in its row.
  for (const row of view.rows) {
    if (row.state === "unreadable") continue;
    const hints = gateHints(row, command);
    if (hints.length > 0) context.print(`${row.session}:`);
    for (const line of hints) context.print(`  ${line}`);
  }
}

export function renderStatusTable(view: StatusView): string {
  const table = new Table({
    head: [
      "session",
      "phase",
      "iter",
      "state",
      "waiting for / reason",
      "pm2",
      "↺",
      "cost",
      "tokens",
      "idle",
      "branch",
    ],
    style: { head: [], border: [], compact: true },
    colWidths: [null, null, null, null, DETAIL_WIDTH, null, null, null, null, null, null],
  });
  for (const row of view.rows) {
    if (row.state === "unreadable") {
      table.push([row.session, "", "", "unreadable", row.detail, row.pm2, "", "", "", "", ""]);
      continue;
    }
    table.push([
      row.session,
      row.phase,
      row.iteration,
      row.state,
      row.detail,
      row.pm2,
      row.restarts ?? "",
      `$${row.costUsd.toFixed(2)}`,
      compact(row.tokens),
      duration(row.idleSeconds),
      row.branch ?? "",
    ]);
  }
  return table.toString();
}

function compact(count: number): string {
  if (count >= 1_000_000) return `${(count / 1_000_000).toFixed(1)}M`;
  if (count >= 1_000) return `${(count / 1_000).toFixed(1)}k`;
  return String(count);
}

function duration(seconds: number): string {
  if (seconds < 120) return `${seconds}s`;
  if (seconds < 7_200) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 172_800) return `${Math.floor(seconds / 3_600)}h`;
  return `${Math.floor(seconds / 86_400)}d`;
}
