// `samocode show`: one session, readable at a glance — what to decide at its gate and where its work lives.
import { SamocodeError, type SessionView, viewSession } from "@samocode/core";
import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";
import { gateHints } from "../gate-hints.ts";
import { resolveSessionArg } from "../session-arg.ts";

export function registerShowCommand(program: Command, context: CliContext): void {
  program
    .command("show")
    .description("show a session: task, state and cause, open questions, the plan at the plan gate, paths")
    .argument("<session>", "the session (name or folder)")
    .option("--plan", "print the plan's text even when the session is not at the plan gate")
    .option("--json", "print it as JSON")
    .action(async (ref: string, options: { plan?: true; json?: true }) => {
      const session = await resolveSessionArg(context, ref);
      const shown = await viewSession(session, { planText: options.plan === true });
      if (!shown.ok) throw new SamocodeError("session", shown.reason);
      if (options.json === true) return context.print(JSON.stringify(shown.view, null, 2));
      for (const line of render(shown.view)) context.print(line);
      for (const line of gateHints(shown.view, await context.samocode())) context.print(line);
    });
}

function render(view: SessionView): string[] {
  const lines = [
    `${view.session} · ${view.phase} · iteration ${view.iteration} · ${view.summary}`,
    `  task:      ${oneLine(view.task)}`,
  ];
  if (view.cause !== null) lines.push(`  cause:     ${view.cause}`);
  if (view.reason !== null && view.state === "waiting") lines.push(`  reason:    ${view.reason}`);
  lines.push(`  folder:    ${view.dir}`);
  lines.push(`  worktree:  ${view.worktree ?? "(not made yet: its loop makes it first)"}`);
  if (view.branch !== null)
    lines.push(`  branch:    ${view.branch}${view.baseRef ? ` (from ${view.baseRef})` : ""}`);
  if (view.qaProblem !== null) lines.push("", `_qa.md cannot be read: ${view.qaProblem}`);
  if (view.openQuestions.length > 0) {
    lines.push("", `open questions (${view.openQuestions.length}):`);
    for (const q of view.openQuestions) {
      lines.push(`  Q${q.number}: ${q.text}`);
      for (const o of q.options) lines.push(`      ${o.label ? `${o.label}) ` : "- "}${o.text}`);
      if (q.suggestion !== null) lines.push(`      suggestion: ${q.suggestion}`);
    }
  }
  if (view.plan !== null) {
    lines.push("", `plan: ${view.plan.path}`);
    if (view.plan.text !== null) {
      lines.push(
        ...view.plan.text
          .replace(/\s+$/, "")
          .split(/\r?\n/)
          .map((l) => `  ${l}`),
      );
      if (view.plan.cut) lines.push(`  … (cut; the whole plan is in ${view.plan.path})`);
    }
  }
  if (view.flowLog.length > 0)
    lines.push("", "flow log (latest last):", ...view.flowLog.map((l) => `  ${l}`));
  return lines;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= 200 ? flat : `${flat.slice(0, 200)}…`;
}
