// PM2's entry for samocode: `pm2 start ecosystem.config.cjs` starts the supervisor, which brings every
// unfinished session's worker back (after a crash, `pm2 kill` or a reboot). CommonJS because PM2 loads this
// file with require() while the packages are ESM. Nothing in here is per session: `samocode spawn` registers
// workers itself. Run it from your project (or set SAMOCODE_CONFIG) so the supervisor finds its .samocode.
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const root = __dirname;
const toolchainNode = join(root, "tools/toolchain/node_modules/.bin/node");
// The built supervisor (`pnpm build`, which scripts/dev.sh runs before every task): PM2 runs JS.
const script = join(root, "apps/supervisor/dist/main.js");
if (!existsSync(script)) {
  throw new Error(
    `${script} is missing: build it first with \`bash scripts/dev.sh pm2 …\` or \`pnpm build\``,
  );
}

module.exports = {
  apps: [
    {
      name: "samocode-supervisor",
      namespace: "samocode",
      script,
      // Explicit Node: the toolchain's when installed, not whatever PM2 finds on PATH.
      interpreter: existsSync(toolchainNode) ? toolchainNode : process.execPath,
      // Where `pm2 start` (or `pnpm pm2 start`, which runs from the repo root) was run: config discovery starts here.
      cwd: process.env.INIT_CWD ?? process.cwd(),
      // Restarted on any exit: PM2 reports a death by signal (SIGKILL, OOM) as exit code 0, so a stop code
      // of 0 would leave a killed supervisor dead. `pm2 stop` still stops it for good.
      autorestart: true,
      exp_backoff_restart_delay: 200,
      kill_timeout: 10000,
      // Its own @pm2/io is not needed; PM2's injected agent would add profiling and tracing hooks.
      pmx: false,
    },
  ],
};
