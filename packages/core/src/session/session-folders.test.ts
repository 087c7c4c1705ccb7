// Issue 13, failure 3: a symlinked `_logs` or `_inbox` carried logs and delivered messages out of SESSIONS.
import { lstat, mkdir, readdir, readlink, rm, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../../tests/helpers/temp-dir.ts";
import { markDelivered, sendMessage } from "./inbox.ts";
import { openSessionFolder, SESSION_FOLDERS, sessionFoldersProblem } from "./session-folders.ts";
import { sessionPaths } from "./session-paths.ts";

describe("openSessionFolder", () => {
  it("makes every missing folder down to the one asked for", async () => {
    const dir = await makeTempDir();
    for (const which of SESSION_FOLDERS) {
      const path = await openSessionFolder(dir, which);
      expect(path).toBe(sessionPaths(dir)[which]);
      expect((await lstat(path)).isDirectory()).toBe(true);
    }
    expect(await sessionFoldersProblem(dir)).toBeUndefined();
  });

  it.each([
    ["_logs", "logs"],
    ["_inbox", "inbox"],
    ["_inbox/delivered", "inboxDelivered"],
    ["workers", "workers"],
  ] as const)(
    "refuses %s as a symlink out of the session, and leaves the link and its target alone",
    async (name, which) => {
      const dir = await makeTempDir();
      const outside = await makeTempDir();
      const path = join(dir, name);
      await mkdir(join(path, ".."), { recursive: true });
      await symlink(outside, path);
      const reason = `${path} is a symlink (to ${outside}); samocode writes only inside the session folder: remove the link (rm ${path}) and it is made again as a folder`;
      await expect(openSessionFolder(dir, which)).rejects.toMatchObject({ code: "io", message: reason });
      expect(await sessionFoldersProblem(dir)).toBe(reason);
      expect(await readlink(path)).toBe(outside);
      expect(await readdir(outside)).toEqual([]);
    },
  );

  it("refuses a file where a folder belongs (issue 13, failure 4: EEXIST from mkdir on every rerun)", async () => {
    const dir = await makeTempDir();
    await mkdir(sessionPaths(dir).inbox);
    await writeFile(sessionPaths(dir).inboxDelivered, "oops");
    const path = sessionPaths(dir).inboxDelivered;
    await expect(openSessionFolder(dir, "inboxDelivered")).rejects.toMatchObject({
      message: `${path} is a regular file, not a folder; move it away (mv ${path} ${path}.bak) and it is made again as a folder`,
    });
  });
});

describe("the inbox's writers", () => {
  it("never write through a symlinked _inbox or _inbox/delivered", async () => {
    const dir = await makeTempDir();
    const outside = await makeTempDir();
    await symlink(outside, sessionPaths(dir).inbox);
    const sent = await sendMessage(dir, { from: "human", to: "s", body: "hi" });
    expect(sent).toMatchObject({
      ok: false,
      reason: "io",
      message: expect.stringMatching(/_inbox is a symlink/),
    });
    expect(await readdir(outside)).toEqual([]);

    await rm(sessionPaths(dir).inbox);
    const real = await sendMessage(dir, { from: "human", to: "s", body: "hi" });
    if (!real.ok) throw new Error(real.message);
    await symlink(outside, sessionPaths(dir).inboxDelivered);
    await expect(markDelivered(dir, [real.sent.id])).rejects.toMatchObject({
      code: "io",
      message: expect.stringMatching(/delivered is a symlink/),
    });
    expect(await readdir(outside)).toEqual([]);
  });

  it("reports a folder in the way of a delivered message with the path, instead of crashing", async () => {
    const dir = await makeTempDir();
    const sent = await sendMessage(dir, { from: "human", to: "s", body: "hi" });
    if (!sent.ok) throw new Error(sent.message);
    const target = join(sessionPaths(dir).inboxDelivered, `${sent.sent.id}.json`);
    await mkdir(join(target, "x"), { recursive: true });
    await expect(markDelivered(dir, [sent.sent.id])).rejects.toMatchObject({
      code: "io",
      message: expect.stringContaining(`cannot move message ${sent.sent.id} to ${target}: `),
    });
  });
});
