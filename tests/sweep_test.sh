#!/usr/bin/env bash
# Acceptance (issue 2): the built-in 100-run sweep of `glide` in dispersed wind finishes, and every
# run's results match the same seed and values flown alone with `kestrel run`.
# Usage: sweep_test.sh KESTREL
set -eu
K=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$K" sweep glide-wind --runs 100 --jobs 2 --json >"$tmp/sweep.json"
/usr/bin/python3 - "$K" "$tmp/sweep.json" <<'PY'
import json, subprocess, sys
k, path = sys.argv[1], sys.argv[2]
sweep = json.load(open(path))
runs = sweep["per_run"]
assert len(runs) == 100, f"{len(runs)} runs"
fields = ["sim_time_s", "flight_time_s", "distance_km", "fuel_used_kg", "max_altitude_m", "landed", "crashed"]
mismatches = 0
for r in runs:
    cmd = [k, "run", "glide", "--seed", str(r["seed"]), "--json"]
    for key, value in r["values"].items():
        cmd += ["--set", f"{key}={value}"]
    alone = json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout)
    same = alone["outcome"] == r["outcome"] and alone["sim_time_s"] == r["sim_time_s"] and all(
        alone["aircraft"][0][f] == r["aircraft"][0][f] for f in fields if f in r["aircraft"][0])
    if not same:
        mismatches += 1
        print(f"run {r['run']} (seed {r['seed']}): sweep {r['aircraft'][0]} vs alone {alone['aircraft'][0]}")
print(f"{len(runs)} sweep runs compared with the same runs alone: {mismatches} mismatches; "
      f"outcomes {sweep['outcomes']}, {sweep['runs_per_s']} runs/s on {sweep['jobs']} threads")
print(f"{len(runs) - mismatches} passed, {mismatches} failed")
sys.exit(1 if mismatches else 0)
PY
