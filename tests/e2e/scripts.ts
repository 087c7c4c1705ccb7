// Scripted agents for the end-to-end tests: each phase's runs, chosen by the session's own hook.
import { signal } from "../helpers/samocode-project.ts";

const QA =
  "### Q1: Which token format?\n- a) JWT\n- b) opaque\n**Answer:** _waiting_\n\n### Q2: Where are tokens kept?\n**Answer:** _waiting_\n";

/** A well-behaved agent that walks every phase, asking questions and waiting for plan approval. */
export function fullSession() {
  return {
    phases: {
      investigation: [
        [
          "init",
          { write: { path: "{session}/11-21-0900-dive-auth.md", text: "# Dive\n" } },
          signal({ status: "continue", phase: "requirements", summary: "dived" }),
          { result: { costUsd: 0.5, inputTokens: 100, outputTokens: 10 } },
        ],
      ],
      requirements: [
        [
          "init",
          { write: { path: "{session}/_qa.md", text: QA } },
          signal({ status: "waiting", for: "qa_answers" }),
          { result: { costUsd: 0.25 } },
        ],
        ["init", signal({ status: "continue", phase: "planning", summary: "requirements settled" })],
      ],
      planning: [
        [
          "init",
          { write: { path: "{session}/11-21-0901-plan-auth.md", text: "# Plan: add JWT auth\n" } },
          signal({ status: "waiting", for: "plan_approval" }),
        ],
        [
          "init",
          { write: { path: "{session}/11-21-0902-plan-auth.md", text: "# Plan v2\n" } },
          signal({ status: "waiting", for: "plan_approval" }),
        ],
      ],
      implementation: [
        [
          "init",
          { write: { path: "{cwd}/auth.ts", text: "export const auth = true;\n" } },
          { commit: { message: "add auth" } },
          signal({ status: "continue", phase: "testing" }),
        ],
      ],
      testing: [["init", signal({ status: "continue", phase: "quality" })]],
      quality: [["init", signal({ status: "continue", phase: "done" })]],
      done: [
        [
          "init",
          { write: { path: "{session}/11-21-0903-summary-auth.md", text: "# Summary\n" } },
          signal({ status: "done", summary: "JWT auth added" }),
        ],
      ],
    },
  };
}

/** The prompts each provider run got, from the scripted provider's recording (claude: after `--`). */
export async function recordedPrompts(recordFile: string): Promise<string[]> {
  const { readFile } = await import("node:fs/promises");
  const text = await readFile(recordFile, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const argv = (JSON.parse(line) as { argv: string[] }).argv;
      const dash = argv.lastIndexOf("--");
      return dash >= 0 ? (argv[dash + 1] ?? "") : "";
    });
}

/** Recorded argv of each provider run. */
export async function recordedArgv(recordFile: string): Promise<string[][]> {
  const { readFile } = await import("node:fs/promises");
  const text = await readFile(recordFile, "utf8").catch(() => "");
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => (JSON.parse(line) as { argv: string[] }).argv);
}
