#!/usr/bin/env bash
# Acceptance (issue 6): the navigation filter over 20 seeds of each built-in navigation sweep,
# with the errors the runner computes against truth (the `nav` block of each run's summary).
#   nav-straight     mean over the runs: roll and pitch error RMS < 0.5 deg, heading < 2 deg,
#                    horizontal position RMS < the GNSS receiver's own RMS and < 3 m, altitude
#                    < 3 m, wind error RMS (after 120 s) < 1.0 m/s, NEES in bounds >= 90 %
#   nav-gnss-outage  every run: error at the end of the 120 s outage < 2 % of the distance flown
#                    in it; within 5 m of truth 10 s after GNSS returns
#   nav-gnss-jump    every run: the 50 m jump rejected and flagged, the estimate moves < 5 m,
#                    reset to the persisting jump within 30 s, on it (< 5 m) 30 s after the jump
# Usage: nav_acceptance_test.sh KESTREL
set -eu
K=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for s in nav-straight nav-gnss-outage nav-gnss-jump; do
  "$K" sweep "$s" --jobs 2 --json >"$tmp/$s.json"
done
/usr/bin/python3 - "$tmp" <<'PY'
import json, sys
d = sys.argv[1]
failures = []
def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)

def load(name):
    s = json.load(open(f"{d}/{name}.json"))
    assert s["runs"] == 20 and s["outcomes"] == {"time_limit": 20}, (name, s["outcomes"])
    return s, [r["aircraft"][0]["nav"] for r in s["per_run"]]

s, navs = load("nav-straight")
st = s["statistics"]
mean = lambda k: st["nav." + k]["mean"]
p95 = lambda k: st["nav." + k]["p95"]
print("nav-straight, 20 runs (mean / p95):")
for k in ["roll_err_rms_deg", "pitch_err_rms_deg", "heading_err_rms_deg", "pos_err_rms_m",
          "gnss_pos_err_rms_m", "alt_err_rms_m", "wind_err_rms_mps", "nees_in_bounds_frac"]:
    print(f"  {k:24s} {mean(k):8.3f} {p95(k):8.3f}")
check(mean("roll_err_rms_deg") < 0.5, "roll error RMS < 0.5 deg")
check(mean("pitch_err_rms_deg") < 0.5, "pitch error RMS < 0.5 deg")
check(mean("heading_err_rms_deg") < 2.0, "heading error RMS < 2 deg")
check(mean("pos_err_rms_m") < mean("gnss_pos_err_rms_m"), "position RMS below the receiver's own")
check(mean("pos_err_rms_m") < 3.0, "position RMS < 3 m")
check(mean("alt_err_rms_m") < 3.0, "altitude RMS < 3 m")
check(mean("wind_err_rms_mps") < 1.0, "wind error RMS < 1 m/s after 120 s")
check(mean("nees_in_bounds_frac") >= 0.9, "NEES in its 95 % bounds >= 90 % of the time")

s, navs = load("nav-gnss-outage")
frac = [n["gnss_outage_end_err_frac"] for n in navs]
after = [n["gnss_outage_pos_err_10s_after_m"] for n in navs]
print(f"nav-gnss-outage: end error / distance max {max(frac):.4f} mean {sum(frac)/20:.4f}; "
      f"10 s after max {max(after):.2f} m mean {sum(after)/20:.2f} m")
check(all(0 <= f < 0.02 for f in frac), "outage: end error < 2 % of the distance flown, every run")
check(all(0 <= a < 5.0 for a in after), "outage: within 5 m 10 s after GNSS returns, every run")

s, navs = load("nav-gnss-jump")
shift = [n["gnss_jump_max_shift_m"] for n in navs]
reset = [n["gnss_jump_reset_after_s"] for n in navs]
on = [n["gnss_jump_err_to_gnss_30s_m"] for n in navs]
print(f"nav-gnss-jump: max shift {max(shift):.2f} m, reset after {min(reset):.2f}-{max(reset):.2f} s, "
      f"30 s later {max(on):.2f} m from the jumped GNSS")
check(all(n["gnss_jump_rejected"] for n in navs), "jump: rejected by the gate and flagged, every run")
check(max(shift) < 5.0, "jump: the estimate moves < 5 m before the reset, every run")
check(all(0 < r <= 30 for r in reset), "jump: reset to the persisting jump within 30 s, every run")
check(max(on) < 5.0, "jump: on the jumped position 30 s after the jump, every run")
print(f"{len(failures)} failed")
sys.exit(1 if failures else 0)
PY
