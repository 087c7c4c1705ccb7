import { describe, expect, it } from "vitest";
import { buildChildEnv, PARENT_AGENT_VARIABLES } from "./child-env.ts";

describe("buildChildEnv", () => {
  it("drops the parent agents' markers, keeps everything else, and names the session", () => {
    const base = {
      PATH: "/usr/bin",
      HOME: "/root",
      ANTHROPIC_BASE_URL: "http://gateway",
      HTTPS_PROXY: "http://proxy:3128",
      CODEX_HOME: "/root/.codex",
      CLAUDECODE: "1",
      CLAUDE_CODE_ENTRYPOINT: "cli",
      CLAUDE_CODE_SSE_PORT: "41234",
      CODEX_SANDBOX: "seatbelt",
      GEMINI_CLI: "1",
      SAMOCODE_SESSION: "someone-else",
      UNSET: undefined,
    };
    const env = buildChildEnv({
      base,
      sessionName: "demo",
      sessionDir: "/s/demo",
      extra: { IS_SANDBOX: "1" },
    });
    expect(env).toEqual({
      PATH: "/usr/bin",
      HOME: "/root",
      ANTHROPIC_BASE_URL: "http://gateway",
      HTTPS_PROXY: "http://proxy:3128",
      CODEX_HOME: "/root/.codex",
      IS_SANDBOX: "1",
      SAMOCODE_SESSION: "demo",
      SAMOCODE_SESSION_DIR: "/s/demo",
    });
  });

  it("scrubs every listed variable", () => {
    const base = Object.fromEntries(PARENT_AGENT_VARIABLES.map((name) => [name, "x"]));
    const env = buildChildEnv({ base, sessionName: "d", sessionDir: "/d", extra: {} });
    expect(Object.keys(env).sort()).toEqual(["SAMOCODE_SESSION", "SAMOCODE_SESSION_DIR"]);
  });
});
