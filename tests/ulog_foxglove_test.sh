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

source "$here/npm_package.sh"
need_npm_package ulog_foxglove_test "$js" @foxglove/ulog

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$writer" "$tmp/log.ulg" >"$tmp/expected.json" || fail "$writer exited with status $?"
[ -s "$tmp/log.ulg" ] || fail "$writer wrote no log"
node "$js/read_ulog.mjs" "$tmp/log.ulg" --expect "$tmp/expected.json"
