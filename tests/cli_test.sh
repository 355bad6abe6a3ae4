#!/usr/bin/env bash
# Bad command-line input: each case must give a clear message on stderr and the documented
# non-zero exit code (2 usage, 1 error), never a crash (no signal, no abort). Also: every command
# answers --help. Usage: cli_test.sh PATH/TO/kestrel
set -u
K=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

# expect CODE TEXT -- ARGS...: run kestrel ARGS, check the exit code and that stderr contains TEXT.
expect() {
  local code=$1 text=$2
  shift 3
  "$K" "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if [ "$rc" -eq "$code" ] && grep -qF -- "$text" "$tmp/err"; then
    pass=$((pass + 1))
  else
    fail=$((fail + 1))
    echo "FAIL: kestrel $* -> exit $rc (want $code), stderr:"
    sed 's/^/    /' "$tmp/err" | head -5
  fi
}

# Usage errors (exit 2).
expect 2 "--airspeed" -- trim --airspeed -5
expect 2 "--airspeed" -- trim --airspeed abc
expect 2 "--altitude" -- trim --altitude 99999
expect 2 "--engine" -- trim --engine sideways
expect 2 "--bogus" -- trim --bogus
expect 2 "--mass-kg" -- trim --mass-kg -3
expect 2 "--altitude" -- perf --altitude 1e9
expect 2 "--airspeed" -- modes --airspeed 0
expect 2 "--steps" -- bench --steps 5
expect 2 "--out" -- openloop --duration 10
expect 2 "--inputs" -- openloop --inputs "$tmp/missing.csv" --out "$tmp/x.csv"
expect 2 "--turbulence" -- openloop --turbulence hurricane --out "$tmp/x.csv"
expect 1 "--rate-hz" -- openloop --rate-hz 7 --out "$tmp/x.csv"
expect 2 "--physics-hz" -- openloop --physics-hz 10 --out "$tmp/x.csv"
expect 1 "whole microsecond" -- openloop --physics-hz 3000 --rate-hz 10 --out "$tmp/x.csv"
expect 2 "subcommand" --
expect 2 "nosuchcommand" -- nosuchcommand
expect 2 "file is required" -- plan check
expect 2 "subcommand" -- plan

# Errors in values and files (exit 1), naming what and where.
expect 1 "built-in aircraft" -- trim --aircraft no_such_plane
expect 1 "--mass-kg" -- trim --mass-kg 5000
printf 'time_s,elevator_deg\n0,0\n5,1\n4,2\n' >"$tmp/bad.csv"
expect 1 "bad.csv:4" -- openloop --inputs "$tmp/bad.csv" --duration 1 --out "$tmp/x.csv"
printf 'time_s,flaperon_deg\n0,0\n' >"$tmp/badcol.csv"
expect 1 "flaperon_deg" -- openloop --inputs "$tmp/badcol.csv" --duration 1 --out "$tmp/x.csv"
printf 'time_s,elevator_deg\n0,nan\n' >"$tmp/nan.csv"
expect 1 "nan.csv:2" -- openloop --inputs "$tmp/nan.csv" --duration 1 --out "$tmp/x.csv"
expect 1 "cannot write" -- openloop --duration 1 --out "$tmp/no/such/dir/x.csv"
printf 'name: x\ngeometry: [\n' >"$tmp/broken.yaml"
expect 1 "broken.yaml:" -- trim --aircraft "$tmp/broken.yaml"
expect 1 "export" -- export-jsbsim --aircraft searcher2 --out /proc/kestrel-cannot-write-here

# Every command answers --help with exit 0.
for c in trim perf modes openloop export-jsbsim bench plan help; do
  if "$K" $c --help >/dev/null 2>&1; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $c --help"; fi
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
