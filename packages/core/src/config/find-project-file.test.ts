import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { findProjectFile } from "./find-project-file.ts";

/** root/.samocode, root/other/.samocode, and an empty folder four levels below root. */
async function layout() {
  const root = await makeTempDir("samo-find-");
  const deep = join(root, "a", "b", "c", "d");
  await mkdir(deep, { recursive: true });
  await mkdir(join(root, "other"));
  await writeFile(join(root, ".samocode"), "MAIN_REPO=.\n");
  await writeFile(join(root, "other", ".samocode"), "MAIN_REPO=.\n");
  return { root, deep, other: join(root, "other", ".samocode") };
}

describe("findProjectFile", () => {
  it("walks up several levels from the cwd to the nearest .samocode", async () => {
    const { root, deep } = await layout();
    expect(await findProjectFile({ cwd: deep, env: {} })).toEqual({
      ok: true,
      path: join(root, ".samocode"),
      source: "search",
    });
  });

  it("prefers the nearest file when several folders above have one", async () => {
    const { root, deep } = await layout();
    await writeFile(join(root, "a", "b", ".samocode"), "");
    const found = await findProjectFile({ cwd: deep, env: {} });
    expect(found).toMatchObject({ ok: true, path: join(root, "a", "b", ".samocode") });
  });

  it("uses SAMOCODE_CONFIG over the walk, and --config over both", async () => {
    const { deep, other, root } = await layout();
    const third = join(root, "a", "third.samocode");
    await writeFile(third, "");
    const env = { SAMOCODE_CONFIG: other };
    expect(await findProjectFile({ cwd: deep, env })).toEqual({ ok: true, path: other, source: "env" });
    expect(await findProjectFile({ cwd: deep, env, configPath: third })).toEqual({
      ok: true,
      path: third,
      source: "flag",
    });
  });

  it("resolves --config relative to the cwd, expands ~ and accepts the folder holding the file", async () => {
    const { root, other } = await layout();
    expect(await findProjectFile({ cwd: root, env: {}, configPath: "other" })).toMatchObject({ path: other });
    expect(
      await findProjectFile({ cwd: "/", env: { HOME: root }, configPath: "~/other/.samocode" }),
    ).toMatchObject({
      path: other,
    });
  });

  it("treats an empty SAMOCODE_CONFIG as unset", async () => {
    const { root, deep } = await layout();
    const found = await findProjectFile({ cwd: deep, env: { SAMOCODE_CONFIG: "" } });
    expect(found).toMatchObject({ ok: true, path: join(root, ".samocode"), source: "search" });
  });

  it("says which option named a missing file, and never falls back to the walk", async () => {
    const { root, deep } = await layout();
    const missing = join(root, "nope", ".samocode");
    expect(await findProjectFile({ cwd: deep, env: {}, configPath: missing })).toEqual({
      ok: false,
      error: `--config ${JSON.stringify(missing)}: expected a .samocode file or a folder holding one; ${missing} does not exist`,
    });
    expect(await findProjectFile({ cwd: deep, env: { SAMOCODE_CONFIG: "nope" } })).toEqual({
      ok: false,
      error: `SAMOCODE_CONFIG (in the environment) "nope": expected a .samocode file or a folder holding one; ${join(deep, "nope")} does not exist`,
    });
  });

  it("refuses a folder without a .samocode", async () => {
    const { root } = await layout();
    const found = await findProjectFile({ cwd: root, env: {}, configPath: "a" });
    expect(found).toEqual({
      ok: false,
      error: `--config "a": expected a .samocode file or a folder holding one; the folder ${join(root, "a")} has no .samocode`,
    });
  });

  it("explains how to get a .samocode when none is found up to the root", async () => {
    const dir = await makeTempDir("samo-none-");
    expect(await findProjectFile({ cwd: dir, env: {} })).toEqual({
      ok: false,
      error: `no .samocode in ${dir} or any folder above it: run "samocode init" in your repo's root, or pass --config PATH`,
    });
  });
});
