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

const METHOD_QA_WAITING =
  "### Q1: Which token format should sessions use?\n- a) JWT\n- b) opaque token\n" +
  "**Suggestion:** a) — stateless checks; the dive found no session store.\n**Answer:** _waiting_\n";

const METHOD_PLAN = (box: " " | "x") =>
  `# Plan: add JWT auth\n\n## Approach\nA middleware.\n\n## Phase 1: token check\n- [${box}] verify the token\n` +
  `- [${box}] test it\nFiles: \`auth.ts\` (new)\nVerify: \`node -e "require('./auth.ts')"\`\nRisks: none\n\n` +
  "## Requirements covered\n| requirement | phase |\n| R1 | 1 |\n";

/**
 * An agent that walks the method (plugin/skills) through every phase, writing each skill's artifact; in
 * quality it runs `reviewCommand` (`samocode review --with codex …`) for real, with the reviewer's script.
 */
export function methodSession(reviewCommand: string[], reviewScript: string) {
  const at = (kind: string) => `{session}/11-21-0900-${kind}-auth.md`;
  return {
    phases: {
      investigation: [
        [
          "init",
          {
            tool: {
              name: "Skill",
              input: { skill: "samocode:dive" },
              output: "Launching skill: samocode:dive",
            },
          },
          { write: { path: at("dive"), text: "# Dive: auth\n## Key files\n| README.md | docs |\n" } },
          signal({ status: "continue", phase: "requirements", summary: "dived" }),
        ],
      ],
      requirements: [
        [
          "init",
          { write: { path: "{session}/_qa.md", text: METHOD_QA_WAITING } },
          signal({ status: "waiting", for: "qa_answers" }),
        ],
        [
          "init",
          {
            write: {
              path: "{session}/_qa.md",
              text: METHOD_QA_WAITING.replace("_waiting_", "a) (decided by the agent: the suggestion)"),
            },
          },
          {
            write: { path: at("requirements"), text: "# Requirements: JWT auth\n- R1: tokens are checked\n" },
          },
          signal({ status: "continue", phase: "planning", summary: "requirements settled" }),
        ],
      ],
      planning: [
        [
          "init",
          { write: { path: at("plan"), text: METHOD_PLAN(" ") } },
          signal({ status: "waiting", for: "plan_approval" }),
        ],
      ],
      implementation: [
        [
          "init",
          {
            write: {
              path: at("solution").replace("-auth.md", "-phase-1-minimal.md"),
              text: "# Solution (minimal)\n",
            },
          },
          {
            write: {
              path: at("solution").replace("-auth.md", "-phase-1-clean.md"),
              text: "# Solution (clean)\n",
            },
          },
          {
            write: {
              path: at("comparison").replace("-auth.md", "-phase-1.md"),
              text: "# Comparison: phase 1\n## Decision\nclean — small enough\n",
            },
          },
          {
            write: {
              path: "{cwd}/auth.ts",
              text: "export const verify = (token: string) => token !== '';\n",
            },
          },
          { write: { path: at("plan"), text: METHOD_PLAN("x") } },
          { commit: { message: "Phase 1: token check (dual-agent: clean)" } },
          signal({ status: "continue", phase: "testing", summary: "all plan phases done" }),
        ],
      ],
      testing: [
        [
          "init",
          { run: { command: ["git", "log", "--oneline", "-1"] } },
          { write: { path: at("test-report"), text: "# Test report\nVerdict: PASS\n" } },
          signal({ status: "continue", phase: "quality", summary: "1 criterion passes" }),
        ],
      ],
      quality: [
        [
          "init",
          { write: { path: at("cleanup"), text: "# Cleanup\n| C1 | auth.ts:1 | naming | fine | leave |\n" } },
          { run: { command: reviewCommand, env: { SAMOCODE_SCRIPT: reviewScript } } },
          { write: { path: at("quality-review"), text: "# Quality review\n## Verdict\nready to merge\n" } },
          signal({ status: "continue", phase: "done", summary: "no blocking findings" }),
        ],
      ],
      done: [
        [
          "init",
          { write: { path: at("summary"), text: "# Summary: JWT auth\n" } },
          signal({ status: "done", summary: "JWT auth added and reviewed" }),
        ],
      ],
    },
  };
}
