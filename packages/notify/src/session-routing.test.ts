import { describe, expect, it } from "vitest";
import { makeTempDir } from "../../../tests/helpers/temp-dir.ts";
import { actionsOn, sessionIn } from "./notify.test-support.ts";
import { routeSession } from "./session-routing.ts";

describe("routeSession", () => {
  it("finds a bare session in the one project that has it, and refuses one several projects have", async () => {
    const [apiRoot, webRoot] = [await makeTempDir(), await makeTempDir()];
    const projects = [
      { id: "api", actions: actionsOn(apiRoot) },
      { id: "web", actions: actionsOn(webRoot) },
    ];
    const apiHello = await sessionIn(apiRoot, "hello", {});
    await sessionIn(webRoot, "hello", {});
    const only = await sessionIn(webRoot, "only", {});

    expect(await routeSession(projects, "only")).toMatchObject({
      ok: true,
      project: { id: "web" },
      session: { id: only.session.id },
    });
    expect(await routeSession(projects, "hello")).toEqual({
      ok: false,
      reason: `hello is a session in several projects (api/${apiHello.session.id}, web/${apiHello.session.id}); name it as project/session`,
    });
    expect(await routeSession(projects, "api/hello")).toMatchObject({
      ok: true,
      project: { id: "api" },
      session: { dir: apiHello.session.dir },
    });
    expect(await routeSession(projects, "nosuch")).toMatchObject({
      ok: false,
      reason: /no session matches "nosuch"/,
    });
    expect(await routeSession([], "hello")).toEqual({ ok: false, reason: "no project is served here yet" });
  });
});
