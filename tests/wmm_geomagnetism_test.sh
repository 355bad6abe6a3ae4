#!/usr/bin/env bash
# Acceptance check of the WMM2025 field (src/env/magnetic_field.cc) against an independent
# implementation, the npm package geomagnetism (pinned in tests/wmm_js/package-lock.json):
# every component within 50 nT at 14 places x 4 heights (0-20 km) x dates 2025-2029.
#   wmm_geomagnetism_test.sh WMM_FIELD_POINTS
# Installs the npm package (npm ci, from the committed lock file) the first time.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
js="$here/wmm_js"
points="${1:?usage: wmm_geomagnetism_test.sh WMM_FIELD_POINTS}"

fail() { echo "wmm_geomagnetism_test: FAIL: $*" >&2; exit 1; }

source "$here/npm_package.sh"
need_npm_package wmm_geomagnetism_test "$js" geomagnetism

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$points" >"$tmp/kestrel.json" || fail "$points exited with status $?"
node "$js/compare_wmm.js" "$tmp/kestrel.json"
