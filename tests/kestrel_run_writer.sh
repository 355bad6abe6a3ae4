#!/usr/bin/env bash
# A WRITER for ulog_foxglove_test.sh: flies the built-in `glide` scenario with `kestrel run` into
# the .ulg given as $1 and prints what the independent reader must find in it, derived from the
# run's own JSON summary and the scenario: every topic present for the aircraft with one message
# per 20 ms (or 100 ms) of the run, timestamps from 0, the info keys, and the run's start and end values.
# Needs KESTREL (the kestrel binary) in the environment.
set -euo pipefail
out=$1
summary=$("${KESTREL:?set KESTREL to the kestrel binary}" run glide --seed 7 --log "$out" --json)
/usr/bin/python3 - "$summary" <<'PY'
import json, sys
s = json.loads(sys.argv[1])
a = s["aircraft"][0]
# Samples every 20 ms (vehicle_truth, engine, actuators) or 100 ms (gear, environment) from t = 0
# up to the last physics step (sim_time_s is one 2.5 ms step later).
last_us = round(s["sim_time_s"] * 1e6) - 2500
expected = {
    "info": {"sys_name": "Kestrel", "kestrel_scenario": "glide", "kestrel_seed": str(s["seed"]),
             "kestrel_aircraft_0": a["id"]},
    "topics": {},
}
for topic, period_us in [("vehicle_truth", 20000), ("engine", 20000), ("actuators", 20000),
                         ("gear", 100000), ("environment", 100000)]:
    count = last_us // period_us + 1
    expected["topics"][f"{topic}:0"] = {
        "name": topic, "multi_id": 0, "count": count,
        "fields": {"timestamp": {"first": 0, "last": (count - 1) * period_us}}}
# The glide starts at 3000 m above the 50 m site with no fuel burnt (engine off) and ends low.
expected["topics"]["vehicle_truth:0"]["fields"]["alt_agl_m"] = {"first": 2950}
expected["topics"]["engine:0"]["fields"]["running"] = {"first": 0, "last": 0}
print(json.dumps(expected))
PY
