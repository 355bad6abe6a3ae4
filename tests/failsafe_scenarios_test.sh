#!/usr/bin/env bash
# The built-in failsafe scenarios (issue 3), one run each at its own seed: each fault is
# detected and announced, and the failsafe the scenario is about takes the documented action (the
# run summary's `failsafes`, docs/run-summary.md). A quick check for the default suite; the
# statistics over 50 seeds each are tests/failsafe_acceptance_test.sh.
#   fs-linkloss    link -> lost_link (the lost-link procedure)
#   fs-fuel-leak   fuel -> rtl (bingo)
#   fs-engine-out  engine -> glide (or terminate, with no site in reach)
#   fs-gnss-loss   gnss -> gnss_return (return on dead reckoning)
#   fs-fence       fence -> fence_return (FENCE_ACTION 1)
#   fs-pitot       airspeed (the failure latched; flown on the synthetic airspeed)
# Usage: failsafe_scenarios_test.sh KESTREL
set -eu
K=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {  # scenario kind actions...
  local s=$1 kind=$2
  shift 2
  if ! "$K" run "$s" --json >"$tmp/$s.json" 2>"$tmp/$s.err"; then
    echo "FAIL $s: kestrel run failed: $(cat "$tmp/$s.err")"
    fail=1
    return
  fi
  if /usr/bin/python3 - "$tmp/$s.json" "$s" "$kind" "$@" <<'PY'; then :; else fail=1; fi
import json, sys
path, scenario, kind, actions = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
s = json.load(open(path))
a = s["aircraft"][0]
fs = a.get("failsafes")
if fs is None:
    print(f"FAIL {scenario}: the summary has no `failsafes`")
    sys.exit(1)
seen = ", ".join(f"{e['time_s']:.0f} s {e['kind']}->{e['action']}" for e in fs) or "none"
hit = [e for e in fs if e["kind"] == kind and (not actions or e["action"] in actions)]
want = kind + ("->" + "|".join(actions) if actions else "")
if s["outcome"] == "error" or not hit:
    print(f"FAIL {scenario}: no {want} failsafe (outcome {s['outcome']}; failsafes: {seen})")
    sys.exit(1)
print(f"ok   {scenario}: {want} at {hit[0]['time_s']:.1f} s (outcome {s['outcome']}, "
      f"{a['mode']}/{a['phase']}; failsafes: {seen})")
PY
}
check fs-linkloss link lost_link
check fs-fuel-leak fuel rtl
check fs-engine-out engine glide terminate
check fs-gnss-loss gnss gnss_return
check fs-fence fence fence_return
check fs-pitot airspeed
# A committed landing finishes: the link cut below 20 m on final (its short stage says "orbit")
# does not take the aircraft off the runway; it lands and stops.
out=$("$K" run crosswind-landing --seed 6 --json --set 'events=[{name: link cut on final, when: {aircraft: uav1, variable: altitude_agl_m, below: 20}, action: {link_loss: {aircraft: uav1}}}]' 2>/dev/null) || true
if /usr/bin/python3 -c '
import json, sys
s = json.loads(sys.argv[1]); a = s["aircraft"][0]
link = [f for f in a.get("failsafes", []) if f["kind"] == "link"]
sys.exit(0 if s["outcome"] == "completed" and a["stopped"] and link else 1)' "$out"; then
  echo "ok   crosswind-landing, link cut on final: the landing finishes (landed and stopped)"
else
  echo "FAIL crosswind-landing, link cut on final: the landing did not finish: $out" | head -c 600
  fail=1
fi
# The glide's vertical-air diagnostic (docs/run-summary.md) is nothing without turbulence: 0 m, and
# the error without it is the error; with the scenario's light turbulence it is not 0.
calm=$("$K" run fs-engine-out --json --set environment.turbulence=none 2>/dev/null) || true
light=$("$K" run fs-engine-out --json 2>/dev/null) || true
if /usr/bin/python3 -c '
import json, sys
c = json.loads(sys.argv[1])["aircraft"][0]["glide"]; l = json.loads(sys.argv[2])["aircraft"][0]["glide"]
ok = (c["reached"] and c["vertical_air_m"] == 0 and c["airmass_error_fraction"] == c["error_fraction"]
      and l["reached"] and abs(l["vertical_air_m"]) > 1)
print("vertical air %s m calm, %s m in light turbulence" % (c["vertical_air_m"], l["vertical_air_m"]))
sys.exit(0 if ok else 1)' "$calm" "$light"; then
  echo "ok   fs-engine-out: the glide's vertical air is 0 m without turbulence, not in it"
else
  echo "FAIL fs-engine-out: the glide's vertical-air diagnostic: $(head -c 300 <<<"$calm")"
  fail=1
fi
# The upload's plan check with the fuel gauge: the sortie plan with 15 kg is refused, naming the
# item where the fuel falls below the reserve (kestrel plan check refuses it at the same item).
out=$("$K" run sortie-plan --set 'aircraft[0].fuel_kg=15' 2>&1) && rc=0 || rc=$?
if [ "$rc" -ne 0 ] && grep -q "the plan cannot be flown" <<<"$out" && grep -q "item 10: the fuel falls below" <<<"$out"; then
  echo "ok   sortie-plan with 15 kg: refused at the upload (item 10, fuel)"
else
  echo "FAIL sortie-plan with 15 kg: not refused at the upload as expected (rc $rc): $out"
  fail=1
fi
exit $fail
