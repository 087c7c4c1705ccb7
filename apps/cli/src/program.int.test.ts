import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../tests/helpers/temp-dir.ts";
import { runCli } from "./run-cli.test-support.ts";

describe("samocode (program)", () => {
  it("--help lists the commands and the global --config and exits 0", async () => {
    const cwd = await makeTempDir("samo-cli-");
    const run = await runCli(["--help"], { cwd });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: samocode \[options\] \[command\]/);
    expect(run.stdout).toMatch(/^\s+--config <path>/m);
    expect(run.stdout).toMatch(/^\s+init \[options\]/m);
    expect(run.stdout).toMatch(/^\s+config \[options\]/m);
    expect(run.stderr).toBe("");
  });

  it("--version prints the package version and exits 0", async () => {
    const cwd = await makeTempDir("samo-cli-");
    const run = await runCli(["--version"], { cwd });
    expect(run).toEqual({ code: 0, stdout: "0.1.0\n", stderr: "" });
  });

  it("an unknown option or command is a usage error: exit 2, one line and a pointer to --help", async () => {
    const cwd = await makeTempDir("samo-cli-");
    const option = await runCli(["--bogus"], { cwd });
    expect(option).toEqual({
      code: 2,
      stdout: "",
      stderr: "samocode: unknown option '--bogus'\n(run samocode --help for usage)\n",
    });
    const command = await runCli(["frobnicate"], { cwd });
    expect(command.code).toBe(2);
    expect(command.stderr.split("\n")[0]).toBe("samocode: unknown command 'frobnicate'");
  });

  it("a command that needs the config exits 2 with one line per problem", async () => {
    const cwd = await makeTempDir("samo-cli-");
    const missing = await runCli(["config"], { cwd });
    expect(missing).toEqual({
      code: 2,
      stdout: "",
      stderr: `samocode: no .samocode in ${cwd} or any folder above it: run "samocode init" in your repo's root, or pass --config PATH\n`,
    });
  });
});
