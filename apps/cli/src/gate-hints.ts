// What to type next for a session at a gate or a stop: the same lines in `show` and under `status`.
// `command` is how samocode is named (context.samocode()), so each line works as printed.
import type { SessionView } from "@samocode/core";

type Stand = Pick<SessionView, "session" | "state" | "waitingFor" | "cause">;

export function gateHints(view: Stand, command: string): string[] {
  const [s, id] = [command, view.session];
  switch (view.state) {
    case "waiting":
      if (view.waitingFor === "qa_answers")
        return [`next: ${s} answer ${id} <answers…>    (the questions: ${s} show ${id})`];
      if (view.waitingFor === "plan_approval")
        return [
          `next: ${s} approve ${id}    or: ${s} reject ${id} --feedback "…"`,
          `      (the plan: ${s} show ${id};  the branch so far: ${s} diff ${id} --stat)`,
        ];
      if (view.waitingFor === "human_action")
        return [`next: ${s} resume ${id} --message "…"    or: ${s} send ${id} "…"`];
      return [];
    case "blocked":
      return [`next: fix what it says, then ${s} resume ${id} --message "…"`];
    case "paused":
      if (view.cause === "human") return [`next: ${s} resume ${id}`];
      if (view.cause === "budget") return [`next: ${s} resume ${id} --budget-usd N (or --budget-tokens N)`];
      return [];
    case "failed":
      return [`next: ${s} logs ${id}, then ${s} resume ${id}`];
    case "done":
      return [`next: ${s} diff ${id}, then ${s} merge ${id}`];
    default:
      return [];
  }
}
