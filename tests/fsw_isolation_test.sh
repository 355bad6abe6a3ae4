#!/usr/bin/env bash
# The flight software never reads simulator truth (design.md §3): the libraries of src/nav and
# src/control include only core/ and each other, and CMake links them to kestrel_core (and
# kestrel_nav) only. This test fails if a flight-software source includes a simulator header or
# its CMakeLists links a simulator library.
# Usage: fsw_isolation_test.sh SOURCE_DIR
set -u
src=$1/src
fail=0
for dir in nav control fsw; do
  bad=$(grep -HnE '#include +"(env|airframe|sensors|sim|analysis|report|log)/' "$src/$dir"/*.h "$src/$dir"/*.cc)
  if [ -n "$bad" ]; then
    echo "FAIL: src/$dir includes simulator headers:"
    echo "$bad"
    fail=1
  fi
  if grep -nE 'kestrel_(env|airframe|aircraft_file|sensors|sim|analysis|report|log)\b' "$src/$dir/CMakeLists.txt"; then
    echo "FAIL: src/$dir/CMakeLists.txt links a simulator library"
    fail=1
  fi
done
# And the check itself can fail: a simulator include is found where one is planted.
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
printf '#include "sensors/imu.h"\n' >"$probe/x.cc"
grep -qE '#include +"(env|airframe|sensors|sim|analysis|report|log)/' "$probe/x.cc" || {
  echo "FAIL: the include check does not see a planted simulator include"
  fail=1
}
[ $fail -eq 0 ] && echo "flight software (src/nav, src/control, src/fsw) includes and links no simulator code"
exit $fail
