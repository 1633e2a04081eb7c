#!/usr/bin/env bash
# Makes a fresh clone runnable: pnpm (the version in package.json), the workspace's packages;
# then for `npm start` a demo register batch, or, with `--test`, what the tests need beyond Node:
# a C compiler and librdkafka's headers to build the Kafka protocol peer, and a reachable
# PostgreSQL server. Safe to run again: each step is skipped when already done.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

pnpm_version="$(node -p "require('./package.json').packageManager.split('@')[1]")"
if [[ "$(pnpm --version 2>/dev/null)" != "$pnpm_version" ]]; then
  npm install --global --silent "pnpm@$pnpm_version"
fi

if [[ ! -f node_modules/.modules.yaml || pnpm-lock.yaml -nt node_modules/.modules.yaml ]]; then
  pnpm install --frozen-lockfile
fi

if [[ "${1:-}" != "--test" ]]; then
  # A first run's registers: into an empty feed directory goes the demo batch, so the people of
  # the README's "Send a first letter" are enrolled (by the enrollment service, from the
  # population register's events, as in production). Linked into place whole, never half.
  registers="${DIGITAL_POST_REGISTER_FEED_DIR:-.data/registers}"
  if ! compgen -G "$registers/*.ndjson" >/dev/null; then
    mkdir -p "$registers"
    cp scripts/demo-registers.ndjson "$registers/0000-demo.tmp"
    mv "$registers/0000-demo.tmp" "$registers/0000-demo.ndjson"
  fi
  exit 0
fi

missing=()
dpkg -s librdkafka-dev >/dev/null 2>&1 || missing+=(librdkafka-dev)
command -v pkg-config >/dev/null || missing+=(pkg-config)
command -v cc >/dev/null || missing+=(gcc libc6-dev)
# The shared rate limits are tested against a Redis server of the tests' own.
command -v redis-server >/dev/null || missing+=(redis-server)
if ((${#missing[@]})); then
  if [[ "$(id -u)" != 0 ]]; then
    echo "the tests need these Debian packages: ${missing[*]} (install them as root)" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
bash libs/testing/kafka-mock/build.sh

pg_url="${DIGITAL_POST_TEST_PG_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
if ! node libs/testing/scripts/pg-reachable.mjs "$pg_url"; then
  # On a Debian machine with the server installed but stopped, start it; otherwise say what is missing.
  if command -v pg_ctlcluster >/dev/null && [[ "$(id -u)" == 0 ]]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start
  else
    echo "the tests need a PostgreSQL server at $pg_url (set DIGITAL_POST_TEST_PG_URL)" >&2
    exit 1
  fi
fi
