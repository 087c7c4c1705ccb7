// PM2's entry for samocode: the supervisor, one per PM2 daemon, serving every project with sessions there (it
// learns them from the user's list of projects and from the workers PM2 runs). `samocode spawn` starts it
// when it does not run, with this same definition; `pm2 start <checkout>/ecosystem.config.cjs` works from any
// folder. CommonJS because PM2 loads this file with require() while the packages are ESM. Nothing in here is
// per session or per project.
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
      // Started inside a project (or with SAMOCODE_CONFIG), it adds that project to the ones it serves at once;
      // from anywhere else it serves the known projects. `pnpm pm2 start` passes the caller's folder as INIT_CWD.
      cwd: process.env.INIT_CWD ?? process.cwd(),
      // Restarted on any exit: PM2 reports a death by signal (SIGKILL, OOM) as exit code 0 (lib/God.js:381),
      // so a stop code of 0 would leave a killed supervisor dead. `pm2 stop` still stops it for good.
      autorestart: true,
      exp_backoff_restart_delay: 200,
      // Bounded: ten starts that each die within 10 s make PM2 give up ("errored") instead of spinning.
      min_uptime: 10000,
      max_restarts: 10,
      kill_timeout: 10000,
      // Its own @pm2/io is not needed; PM2's injected agent would add profiling and tracing hooks.
      pmx: false,
    },
  ],
};
