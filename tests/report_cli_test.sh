#!/usr/bin/env bash
# `kestrel report` and `kestrel log` against the real binary: exports that other tools read, and
# clear errors (exit 1, naming the file) for missing, foreign and garbage files; a truncated log
# still gives a report with a warning; bad arguments exit 2.
#
#   report_cli_test.sh REPORT_SAMPLE_LOG_BIN KESTREL_BIN
set -u
SAMPLE=${1:?usage: report_cli_test.sh REPORT_SAMPLE_LOG_BIN KESTREL_BIN}
K=${2:?usage: report_cli_test.sh REPORT_SAMPLE_LOG_BIN KESTREL_BIN}
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
failures=0
fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# expect CODE PATTERN CMD...: exit status CODE and stderr matching PATTERN (grep -E).
expect() {
  local code=$1 pattern=$2
  shift 2
  "$@" >"$W/out" 2>"$W/err"
  local rc=$?
  [ "$rc" -eq "$code" ] || fail "'$*' exited $rc, expected $code: $(head -3 "$W/err")"
  [ -z "$pattern" ] || grep -Eq "$pattern" "$W/err" || fail "'$*': stderr lacks /$pattern/: $(head -3 "$W/err")"
}

"$SAMPLE" "$W/s.ulg" --aircraft 2 --seconds 120 || { echo "FAIL: report_sample_log"; exit 1; }
"$SAMPLE" "$W/cut.ulg" --aircraft 1 --seconds 120 --truncate-bytes 37 || { echo "FAIL: truncated sample"; exit 1; }
"$SAMPLE" "$W/px4.ulg" --foreign || { echo "FAIL: foreign sample"; exit 1; }
printf 'time,alt\n0,100\n' >"$W/notes.ulg"

# Help everywhere.
expect 0 "" "$K" report --help
expect 0 "" "$K" log --help
grep -q -- "--geojson" "$W/out" || fail "kestrel log --help does not list --geojson"

# Reports.
expect 0 "" "$K" report "$W/s.ulg" -o "$W/r.html"
grep -q "<svg" "$W/r.html" || fail "report has no SVG"
expect 1 "missing\.ulg.*no such file" "$K" report "$W/missing.ulg" -o "$W/x.html"
expect 1 "px4\.ulg.*not a Kestrel flight log" "$K" report "$W/px4.ulg" -o "$W/x.html"
expect 1 "notes\.ulg" "$K" report "$W/notes.ulg" -o "$W/x.html"
expect 0 "cut\.ulg.*log truncated at t = " "$K" report "$W/cut.ulg" -o "$W/cut.html"
grep -q "log truncated at t = " "$W/cut.html" || fail "truncated report lacks its warning"
expect 2 "" "$K" report
expect 2 "" "$K" report "$W/s.ulg" --no-such-option
expect 2 "" "$K" report "$W/s.ulg" --max-points 3

# Exports.
expect 0 "" "$K" log "$W/s.ulg" --csv -o "$W/s.csv"
head -1 "$W/s.csv" | grep -qx "time_s,aircraft,lat_deg,lon_deg,alt_m,vn_mps,ve_mps,vd_mps,roll_deg,pitch_deg,yaw_deg,tas_mps,alpha_deg,beta_deg,rpm,fuel_kg" ||
  fail "CSV header: $(head -1 "$W/s.csv")"
rows=$(($(wc -l <"$W/s.csv") - 1))
[ "$rows" -eq $((2 * (120 * 50 + 1))) ] || fail "CSV has $rows rows, expected $((2 * 6001))"
expect 0 "" "$K" log "$W/s.ulg" --geojson -o "$W/s.geojson"
if command -v python3 >/dev/null; then
  python3 - "$W/s.geojson" <<'PY' || fail "GeoJSON check"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["type"] == "FeatureCollection"
lines = [f for f in j["features"] if f["geometry"]["type"] == "LineString"]
assert len(lines) == 2 and len(lines[0]["geometry"]["coordinates"]) == 6001, len(lines)
PY
fi
expect 0 "" "$K" log "$W/s.ulg" --kml -o "$W/s.kml"
if command -v xmllint >/dev/null; then
  xmllint --noout "$W/s.kml" || fail "KML is not well-formed XML"
else
  echo "note: xmllint missing (Debian libxml2-utils); KML well-formedness not checked"
fi
grep -c "<LineString>" "$W/s.kml" | grep -qx 2 || fail "KML should have 2 LineStrings"
expect 0 "" "$K" log "$W/s.ulg" --csv --interval 1 -o "$W/thin.csv"
[ $(($(wc -l <"$W/thin.csv") - 1)) -eq $((2 * 121)) ] || fail "--interval 1 rows: $(wc -l <"$W/thin.csv")"
expect 2 "" "$K" log "$W/s.ulg" -o "$W/x"                      # no format
expect 2 "" "$K" log "$W/s.ulg" --csv --kml -o "$W/x"          # two formats
expect 1 "px4\.ulg.*not a Kestrel flight log" "$K" log "$W/px4.ulg" --csv -o "$W/x"
expect 1 "nope\.ulg.*no such file" "$K" log "$W/nope.ulg" --kml -o "$W/x"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo PASS
