import { describe, expect, it } from "vitest";
import { withoutToolchain } from "./toolchain-path.ts";

describe("withoutToolchain", () => {
  const root = "/opt/samocode";

  it("drops the pinned toolchain and the checkout's node_modules/.bin folders, keeping the rest in order", () => {
    const path = [
      "/opt/samocode/tools/toolchain/node_modules/.bin",
      "/opt/samocode/tools/toolchain/node_modules/pnpm/dist/node-gyp-bin",
      "/opt/samocode/node_modules/.bin",
      "/opt/samocode/apps/cli/node_modules/.bin",
      "/home/ada/.nvm/versions/node/v20.1.0/bin",
      "/opt/samocode",
      "/opt/samocode-other/tools/bin",
      "/usr/bin",
    ].join(":");
    expect(withoutToolchain(path, root)).toBe(
      "/home/ada/.nvm/versions/node/v20.1.0/bin:/opt/samocode:/opt/samocode-other/tools/bin:/usr/bin",
    );
  });

  it("keeps a user's own node_modules/.bin outside the checkout, and empty entries", () => {
    expect(withoutToolchain("/work/app/node_modules/.bin::/bin", root)).toBe(
      "/work/app/node_modules/.bin::/bin",
    );
    expect(withoutToolchain(undefined, root)).toBe("");
  });
});
