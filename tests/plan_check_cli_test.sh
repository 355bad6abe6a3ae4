#!/usr/bin/env bash
# `kestrel plan check` against the real binary: the shipped sortie plan with the sortie scenario
# passes (exit 0, text and --json); plans that cannot be flown are refused (exit 1) naming the
# check and the item; unreadable input (corrupted .plan and WPL files, a cut file, no file, a
# loading the aircraft cannot take) exits 2 with the reader's message naming item and field.
#
#   plan_check_cli_test.sh KESTREL_BIN SOURCE_DIR
set -u
K=${1:?usage: plan_check_cli_test.sh KESTREL_BIN SOURCE_DIR}
SRC=${2:?usage: plan_check_cli_test.sh KESTREL_BIN SOURCE_DIR}
SORTIE=$SRC/data/missions/sortie.plan
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT
pass=0
fail=0

# expect CODE STREAM TEXT -- ARGS...: kestrel ARGS exits CODE and STREAM (out or err) contains TEXT.
expect() {
  local code=$1 stream=$2 text=$3
  shift 4
  "$K" "$@" >"$W/out" 2>"$W/err"
  local rc=$?
  if [ "$rc" -eq "$code" ] && grep -qF -- "$text" "$W/$stream"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: kestrel $* -> exit $rc (want $code, $stream containing '$text'); stderr:"
    sed 's/^/    /' "$W/err" | head -5
    echo "  stdout:"
    sed 's/^/    /' "$W/out" | tail -8
  fi
}

# Flyable: the shipped plan with its scenario, as text and as JSON; the WPL fixture on its own home.
expect 0 out "FLYABLE: 0 errors" -- plan check "$SORTIE" --scenario sortie
expect 0 out '"flyable": true' -- plan check "$SORTIE" --scenario sortie --json
expect 0 out '"covers_to_item": 15' -- plan check "$SORTIE" --scenario sortie --json
expect 0 out '"format": "wpl"' -- plan check "$SRC/tests/data/missions/field_test.waypoints" --json
expect 0 out "FLYABLE" -- plan check "$SORTIE" --scenario sortie --wind-mps 10 --wind-from-deg 270
if command -v python3 >/dev/null; then
  "$K" plan check "$SORTIE" --scenario sortie --json >"$W/sortie.json"
  if python3 - "$W/sortie.json" <<'PY'; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: sortie JSON"; fi
import json, sys
j = json.load(open(sys.argv[1]))
assert j["flyable"] is True and j["errors"] == 0, j["findings"]
assert j["site"]["scenario"] == "sortie" and j["site"]["elevation_m"] == 50
assert len(j["items"]) == 15
f = j["fuel"]
assert f["complete"] and f["landing_kg"] > j["reserve_kg"], f
assert abs(f["on_board_kg"] - f["used_kg"] - f["landing_kg"]) < 0.01, f
assert abs(sum(i["fuel_kg"] for i in j["items"]) - f["used_kg"]) < 0.01
assert [i["passes"] for i in j["items"]][6:9] == [3, 3, 3]   # the orbit: DO_JUMP 7, repeat 2
assert 150 < j["distance_km"] < 300, j["distance_km"]
for k in ("file", "format", "warnings", "aircraft", "wind", "time_h", "findings"):
    assert k in j, k
PY
fi

# Refused (exit 1), naming the check and the item.
expect 1 out "[fuel] item 10" -- plan check "$SORTIE" --scenario sortie --fuel-kg 15
expect 1 out '"reserve_item": 10' -- plan check "$SORTIE" --scenario sortie --fuel-kg 15 --json
expect 1 out "REFUSED" -- plan check "$SORTIE" --scenario sortie --wind-mps 45 --wind-from-deg 300
expect 1 out "[reach] item 2" -- plan check "$SORTIE" --scenario sortie --wind-mps 45 --wind-from-deg 300
# Item 3 at 6,000 m above the field: above the ceiling.
awk '/"doJumpId": 3,/ {n = 1} n && /^ +3000$/ {sub(/3000/, "6000"); n = 0} {print}' "$SORTIE" >"$W/high.plan"
expect 1 out "[ceiling] item 3" -- plan check "$W/high.plan" --scenario sortie
# A 40 km fence: the way out leaves it.
sed 's/"radius": 80000/"radius": 40000/' "$SORTIE" >"$W/small_fence.plan"
expect 1 out "[fence] item 5: the leg from item 4 to item 5 leaves the geofence" -- plan check "$W/small_fence.plan" --scenario sortie
# A command the flight software does not fly.
sed '0,/"command": 16,/s//"command": 84,/' "$SORTIE" >"$W/vtol.plan"
expect 1 out "[plan] item 2: command 84 (NAV_VTOL_TAKEOFF) is not supported" -- plan check "$W/vtol.plan"

# Unreadable input (exit 2): the reader's message names the item and the field.
sed 's/"frame": 3,/"frame": "three",/' "$SORTIE" >"$W/bad_frame.plan"
expect 2 err "mission.items[0] (item 1): frame" -- plan check "$W/bad_frame.plan" --scenario sortie
sed '0,/52.469973198788885/s//95.0/' "$SORTIE" >"$W/bad_lat.plan"
expect 2 err "(item 2): params[4] (latitude): must be within [-90, 90]" -- plan check "$W/bad_lat.plan"
head -c 2000 "$SORTIE" >"$W/cut.plan"
expect 2 err "cut.plan" -- plan check "$W/cut.plan"
sed '5s/\t9.54016323\t/\t9.5x\t/' "$SRC/tests/data/missions/field_test.waypoints" >"$W/bad.waypoints"
expect 2 err "bad.waypoints:5: item 3: LON (column 10)" -- plan check "$W/bad.waypoints"
printf 'hello\n' >"$W/notes.md"
expect 2 err "not a mission file" -- plan check "$W/notes.md"
expect 2 err "no_such.plan" -- plan check "$W/no_such.plan"
expect 2 err "--fuel-kg" -- plan check "$SORTIE" --fuel-kg 200
expect 2 err "unknown scenario" -- plan check "$SORTIE" --scenario no_such_scenario
expect 2 err "built-in aircraft" -- plan check "$SORTIE" --aircraft no_such_plane
expect 2 err "file is required" -- plan check
expect 2 err "--wind-mps" -- plan check "$SORTIE" --wind-mps -3

# Help.
expect 0 out "--reserve-kg" -- plan check --help
expect 0 out "check" -- plan --help

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
