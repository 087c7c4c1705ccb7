import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { execa } from "execa";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../helpers/temp-dir.ts";

const DEMO = fileURLToPath(new URL("../../scripts/demo.ts", import.meta.url));

describe("the README demo", () => {
  it("runs the scripted session to its first gate without any API key, then to done", async () => {
    const dir = join(await makeTempDir(), "demo");
    const env = { PATH: process.env.PATH ?? "", HOME: dir };
    const demo = await execa(process.execPath, [DEMO, "--dir", dir], {
      env,
      extendEnv: false,
      reject: false,
    });
    expect(demo.exitCode).toBe(0);
    expect(demo.stdout).toMatch(/first human gate \(exit 10/);
    const [folder] = await readdir(join(dir, "sessions"));
    const hook = JSON.parse(await readFile(join(dir, "sessions", folder ?? "", "_hook.json"), "utf8"));
    expect(hook).toMatchObject({
      provider: "scripted",
      phase: "requirements",
      state: "waiting",
      waitingFor: "qa_answers",
    });

    const cli = fileURLToPath(new URL("../../apps/cli/src/main.ts", import.meta.url));
    const sam = (...args: string[]) =>
      execa(process.execPath, [cli, "--config", join(dir, ".samocode"), ...args], {
        env,
        extendEnv: false,
        reject: false,
      });
    expect((await sam("answer", "greet", "Hello, Ada!", "yes")).exitCode).toBe(0);
    expect((await sam("run", "greet", "--no-wait")).exitCode).toBe(10);
    expect((await sam("approve", "greet")).exitCode).toBe(0);
    const done = await sam("run", "greet");
    expect(done.exitCode).toBe(0);
    const greet = await readFile(join(dir, "worktrees", hook.session, "greet.js"), "utf8");
    expect(greet).toMatch(/Hello, \$\{name\}!/);
  });
});
