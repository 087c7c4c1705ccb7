import { describe, expect, it } from "vitest";
import { SCRIPTED_MAIN } from "../scripted/scripted-program.ts";
import { PROVIDER_NAMES } from "./provider-names.ts";
import { PROVIDERS } from "./providers.ts";
import { buildScriptedInvocation } from "./scripted-provider.ts";
import { request } from "./test-fixtures/requests.ts";

describe("scripted provider", () => {
  it("runs our script player with this Node, claude's argv after its own flags, the script in the env", () => {
    const invocation = buildScriptedInvocation(
      request({ provider: "scripted", scriptPath: "/s/demo.yaml", resumeConversationId: "c-1" }),
      { isRoot: false },
    );
    expect(invocation.command).toBe(process.execPath);
    expect(invocation.args.slice(0, 3)).toEqual([SCRIPTED_MAIN, "--format", "claude"]);
    expect(invocation.args).toContain("--resume");
    expect(invocation.args.at(-1)).toBe("Do the next step.");
    expect(invocation.env).toEqual({ SAMOCODE_SCRIPT: "/s/demo.yaml" });
    expect(invocation.display.slice(0, 3)).toEqual([SCRIPTED_MAIN, "--format", "claude"]);
  });

  it("has a definition for every provider name", () => {
    for (const name of PROVIDER_NAMES) expect(PROVIDERS[name].createParser).toBeTypeOf("function");
  });
});
