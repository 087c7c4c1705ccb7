import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../tests/helpers/temp-dir.ts";
import { decodeButton, encodeButton, resolveButtonSession } from "./callback-data.ts";
import { actionsOn, sessionIn } from "./notify.test-support.ts";

describe("button data", () => {
  it("names a session directly, and a long child id by a hash found again among the sessions", async () => {
    const root = await makeTempDir();
    const projects = [{ id: "p", actions: actionsOn(root) }];
    const parent = await sessionIn(root, "lead", {});
    const { createSession } = await import("@samocode/core");
    const long = "x".repeat(60);
    const child = await createSession({
      sessionsRoot: root,
      task: "child",
      name: long,
      provider: "claude",
      parent: parent.session,
    });
    if (!child.ok) throw new Error(child.message);

    const short = encodeButton("approve", parent.session.id);
    expect(short).toBe(`approve:${parent.session.id}`);
    const hashed = encodeButton("reject", child.session.id);
    expect(Buffer.byteLength(hashed)).toBeLessThanOrEqual(64);
    expect(hashed).toMatch(/^reject#[0-9a-f]{16}$/);

    const direct = decodeButton(short);
    const viaHash = decodeButton(hashed);
    if (direct === null || viaHash === null) throw new Error("undecodable");
    expect(await resolveButtonSession(projects, direct)).toMatchObject({
      ok: true,
      session: { id: parent.session.id },
    });
    expect(await resolveButtonSession(projects, viaHash)).toMatchObject({
      ok: true,
      session: { id: child.session.id },
    });
    expect(
      await resolveButtonSession(projects, { action: "approve", session: { hash: "0".repeat(16) } }),
    ).toMatchObject({
      ok: false,
    });
    expect(decodeButton("delete:everything")).toBeNull();
  });
});
