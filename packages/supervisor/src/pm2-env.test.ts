import { describe, expect, it } from "vitest";
import { pm2ProcessKeys, scrubPm2Keys, withoutPm2Keys } from "./pm2-env.ts";

// Keys seen in the env of a process PM2 7 started (recorded from a real `pm2 start`).
const UNDER_PM2 = {
  PATH: "/bin",
  HOME: "/home/u",
  PM2_HOME: "/tmp/pm2",
  SAMOCODE_PROVIDER: "claude",
  http_proxy: "http://proxy",
  pm_id: "3",
  name: "samocode:26-11-21-auth",
  "samocode:26-11-21-auth": "[object Object]",
  namespace: "samocode",
  status: "launching",
  unique_id: "abc",
  kill_timeout: "11000",
  exp_backoff_restart_delay: "200",
  pm_out_log_path: "/x",
  NODE_APP_INSTANCE: "0",
  PM2_JSON_PROCESSING: "true",
  PM2_PROGRAMMATIC: "true",
  km_link: "false",
  vizion_running: "false",
};

describe("PM2's env keys", () => {
  it("are only recognised in a process PM2 started (pm_id set)", () => {
    const { pm_id: _, ...outside } = UNDER_PM2;
    expect(pm2ProcessKeys(outside)).toEqual([]);
    expect(withoutPm2Keys(outside)).toEqual(outside);
  });

  it("are dropped, the user's own variables (PM2_HOME and lowercase ones included) kept", () => {
    expect(withoutPm2Keys(UNDER_PM2)).toEqual({
      PATH: "/bin",
      HOME: "/home/u",
      PM2_HOME: "/tmp/pm2",
      SAMOCODE_PROVIDER: "claude",
      http_proxy: "http://proxy",
    });
  });

  it("are removed in place from an env object", () => {
    const env: NodeJS.ProcessEnv = { ...UNDER_PM2 };
    scrubPm2Keys(env);
    expect(Object.keys(env).sort()).toEqual(["HOME", "PATH", "PM2_HOME", "SAMOCODE_PROVIDER", "http_proxy"]);
  });
});
