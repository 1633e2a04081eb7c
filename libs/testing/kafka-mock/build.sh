#!/usr/bin/env bash
# Builds the Kafka protocol peer used by the tests (librdkafka's mock cluster in a small
# launcher). Needs a C compiler and librdkafka's headers (Debian: librdkafka-dev).
# Does nothing when the binary is newer than its source.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
src="$here/kafka_mock.c"
out="$here/bin/kafka-mock"

if [[ -x "$out" && "$out" -nt "$src" && "$out" -nt "${BASH_SOURCE[0]}" ]]; then
  exit 0
fi

if pkg-config --exists rdkafka 2>/dev/null; then
  read -r -a flags <<<"$(pkg-config --cflags --libs rdkafka)"
else
  flags=(-lrdkafka)
fi

mkdir -p "$here/bin"
# Build to a temporary name and rename, so a parallel test run never executes a half-written file.
tmp="$(mktemp "$here/bin/kafka-mock.XXXXXX")"
trap 'rm -f "$tmp"' EXIT
"${CC:-cc}" -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -Wall -Wextra -o "$tmp" "$src" "${flags[@]}"
chmod +x "$tmp"
mv -f "$tmp" "$out"
trap - EXIT
echo "built $out"
