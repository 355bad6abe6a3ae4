#!/usr/bin/env bash
# The full stack's instructions per simulated second, measured by valgrind's callgrind: the
# independent check of `kestrel bench`'s fullstack_instructions_per_sim_s (which reads the CPU's
# instruction counter, where the machine has one). Same run: the bench's full-stack cruise
# (physics + sensors + navigation filter + control source + ULog recorder, 600 s simulated),
# counted inside run_scenario() only (its set-up included: trim, magnetic model), as the bench's
# counter is. Callgrind counts instructions exactly, on any machine, about 50x slower.
#
# Usage: tests/tools/callgrind_fullstack.sh [KESTREL [SIM_S]]   (default build/bin/kestrel, 600)
# Prints the Ir inside run_scenario, the simulated seconds and their ratio; exit 0.
set -euo pipefail
K=${1:-build/bin/kestrel}
SIM_S=${2:-600}
command -v valgrind >/dev/null || { echo "valgrind is not installed" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" \
  --toggle-collect='kestrel::run_scenario(*' \
  "$K" bench --fullstack-only --fullstack-sim-s "$SIM_S" --json >"$tmp/bench.json" 2>"$tmp/vg.err"
ir=$(sed -n 's/^==[0-9]*== Collected : \([0-9]*\).*/\1/p' "$tmp/vg.err")
[ -n "$ir" ] || { cat "$tmp/vg.err" >&2; echo "no callgrind total" >&2; exit 1; }
/usr/bin/python3 - "$tmp/bench.json" "$ir" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))
ir = int(sys.argv[2])
sim = b["fullstack_sim_s"]
print(f"run_scenario Ir: {ir}")
print(f"simulated s:     {sim}")
print(f"fullstack_instructions_per_sim_s (callgrind): {ir / sim:.0f}")
PY
