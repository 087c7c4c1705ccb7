// The variables PM2 flattens into the env of every process it runs (the app's options and PM2's bookkeeping).
// Passed on, they corrupt the next app: PM2 lays an app's env over its options (`pm_id`, `kill_timeout`, …
// of the parent would win), so processes that start apps — and the worker, before it starts providers whose
// agents may call `samocode spawn` — drop them first.

/** PM2 7's app options (lib/API/schema.json) and the bookkeeping it adds (seen in a PM2 process's env). */
const PM2_KEYS: ReadonlySet<string> = new Set([
  ...["script", "name", "name_prefix", "filter_env", "namespace", "install_url", "cwd", "args"],
  ...["exec_interpreter", "node_args", "out_file", "error_file", "log_file", "disable_logs", "log_type"],
  ...["log_date_format", "time", "env", "max_memory_restart", "pid_file", "restart_delay"],
  ...["exp_backoff_restart_delay", "source_map_support", "disable_source_map_support", "wait_ready"],
  ...["instances", "kill_timeout", "shutdown_with_message", "listen_timeout", "cron_restart", "merge_logs"],
  ...["vizion", "autostart", "autorestart", "stop_exit_codes", "watch_delay", "watch", "ignore_watch"],
  ...["watch_options", "min_uptime", "max_restarts", "execute_command", "exec_mode", "force"],
  ...["append_env_to_name", "post_update", "trace", "disable_trace", "v8", "event_loop_inspector"],
  ...["deep_monitoring", "increment_var", "instance_var", "pmx", "automation", "treekill", "port"],
  ...["username", "uid", "gid", "windowsHide", "kill_retry_time", "write", "io"],
  ...["status", "created_at", "restart_time", "unstable_restarts", "prev_restart_delay", "unique_id"],
  ...["km_link", "vizion_running", "version", "node_version", "exit_code", "NODE_APP_INSTANCE"],
]);

/** The keys of `env` that PM2 put there; none when `env` is not a PM2 process's (no `pm_id`). */
export function pm2ProcessKeys(env: Readonly<Record<string, string | undefined>>): string[] {
  if (env.pm_id === undefined) return [];
  return Object.keys(env).filter(
    (key) =>
      PM2_KEYS.has(key) ||
      key.startsWith("pm_") ||
      key.startsWith("axm_") ||
      // PM2 also files the app's env under the app's own name.
      key === env.name ||
      (key.startsWith("PM2_") && key !== "PM2_HOME"),
  );
}

/** A copy of `env` with only defined values and without PM2's keys. */
export function withoutPm2Keys(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const drop = new Set(pm2ProcessKeys(env));
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && !drop.has(key)) kept[key] = value;
  }
  return kept;
}

/** Removes PM2's keys from this process's env in place (PM2's client also merges `process.env` into apps). */
export function scrubPm2Keys(env: NodeJS.ProcessEnv = process.env): void {
  for (const key of pm2ProcessKeys(env)) delete env[key];
}
