#!/usr/bin/env bash
# `npm start`: the whole platform in one process on a developer's machine (the embedded default
# unless the environment names a database and brokers).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/bootstrap.sh
# Development tokens make anyone on this machine any citizen, authority or operator: on here,
# for a first letter by hand, answered on loopback only, and announced at start.
export DIGITAL_POST_DEV_TOKENS="${DIGITAL_POST_DEV_TOKENS:-on}"
# Notices of new post go to a local SMTP server and SMS API that write each to a file under
# .data/notices, unless the environment names real providers.
if [[ -z "${DIGITAL_POST_SMTP_URL:-}${DIGITAL_POST_SMS_URL:-}" ]]; then
  export DIGITAL_POST_NOTICE_SINKS="${DIGITAL_POST_NOTICE_SINKS:-on}"
fi
# The services allocate many short-lived objects: young generation semi-spaces of 64 MiB instead
# of V8's 16 halve the time spent collecting garbage under load (README, Throughput).
export NODE_OPTIONS="--max-semi-space-size=64${NODE_OPTIONS:+ $NODE_OPTIONS}"
# The platform takes this process's place, so a signal to `npm start`'s process reaches it: it
# finishes what is in flight and stops, leaving nothing behind.
exec node --import tsx services/platform/src/main.ts
