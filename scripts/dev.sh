#!/usr/bin/env bash
# One entry for a bare machine: installs the pinned Node LTS and pnpm from the npm registry into
# tools/toolchain, installs the workspace, builds the JS the processes run (dist/), then runs the given
# task (demo | test | samocode … | pm2 …).
set -euo pipefail
caller="$PWD"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
toolchain="$root/tools/toolchain"
want_node="$(sed -n 's/.*"node": "\([0-9.]*\)".*/\1/p' "$toolchain/package.json")"

if [ "$("$toolchain/node_modules/.bin/node" --version 2>/dev/null)" != "v$want_node" ]; then
  echo "samocode: installing Node $want_node and pnpm into tools/toolchain (npm registry)…" >&2
  npm ci --prefix "$toolchain" --no-audit --no-fund --loglevel=error >&2
fi
export PATH="$toolchain/node_modules/.bin:$PATH"
# Skip the install when node_modules is newer than the lockfile (every `samocode` call goes through here).
if [ ! -f node_modules/.modules.yaml ] || [ pnpm-lock.yaml -nt node_modules/.modules.yaml ]; then
  pnpm install --frozen-lockfile --reporter=silent >&2
fi
# Every call: tsc -b re-emits only what changed since the last build (~50 ms when nothing did), so the CLI,
# the PM2 worker and the supervisor never run a dist/ older than the sources.
node node_modules/typescript/bin/tsc -b tsconfig.build.json >&2

task="${1:-demo}"
[ $# -gt 0 ] && shift
case "$task" in
  demo) exec pnpm --silent demo "$@" ;;
  test) exec pnpm --silent check "$@" ;;
  samocode)
    cli="$root/apps/cli/dist/main.js"
    # The node flags of the CLI's shebang (`#!/usr/bin/env -S node …`), with the toolchain's node.
    read -r shebang < "$cli"
    flags=()
    [[ $shebang =~ -S\ node\ (.*)$ ]] && read -r -a flags <<< "${BASH_REMATCH[1]}"
    cd "$caller" && exec node "${flags[@]}" "$cli" "$@" ;;
  pm2) cd "$caller" && exec node "$root/packages/supervisor/node_modules/pm2/bin/pm2" "$@" ;;
  *) echo "usage: bash scripts/dev.sh [demo|test|samocode ARGS…|pm2 ARGS…]" >&2; exit 2 ;;
esac
