#!/usr/bin/env bash
# Acceptance check of our ULog files against an independent reader, @foxglove/ulog (Node.js).
#   ulog_foxglove_test.sh WRITER
# WRITER is any program that, run as `WRITER OUT.ulg`, writes a ULog file to OUT.ulg and prints on
# stdout what a reader must find in it, as JSON in the shape tests/ulog_js/read_ulog.mjs prints
# (keys it leaves out are not checked). tests/ulog_sample_writer is one; a wrapper around
# `kestrel run` is another. This script builds nothing; it installs the npm package (npm ci,
# from the committed package-lock.json) the first time.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
js="$here/ulog_js"
writer="${1:?usage: ulog_foxglove_test.sh WRITER (writes the .ulg given as its argument, prints the expected JSON)}"

fail() { echo "ulog_foxglove_test: FAIL: $*" >&2; exit 1; }

command -v node >/dev/null 2>&1 ||
  fail "node is not installed; run scripts/setup-deps.sh (Debian packages nodejs and npm)"
node -e 'process.exit(Number(process.versions.node.split(".")[0]) >= 18 ? 0 : 1)' ||
  fail "node $(node --version) is too old; @foxglove/ulog needs Node.js 18 or later"

if [ ! -f "$js/node_modules/@foxglove/ulog/package.json" ]; then
  command -v npm >/dev/null 2>&1 ||
    fail "npm is not installed; run scripts/setup-deps.sh (Debian packages nodejs and npm)"
  echo "ulog_foxglove_test: installing @foxglove/ulog (npm ci)"
  (cd "$js" && npm ci --prefer-offline --no-audit --no-fund --loglevel=error) ||
    fail "npm ci in $js failed (no network and no npm cache?)"
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$writer" "$tmp/log.ulg" >"$tmp/expected.json" || fail "$writer exited with status $?"
[ -s "$tmp/log.ulg" ] || fail "$writer wrote no log"
node "$js/read_ulog.mjs" "$tmp/log.ulg" --expect "$tmp/expected.json"
