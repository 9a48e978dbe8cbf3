#!/usr/bin/env bash
# What Swift's runtime checks cost: the release build as it is (plain -O: bounds, overflow and
# exclusivity checks on) against the same code built -Ounchecked with exclusivity checks off
# (what Package.swift used to ask for), side by side in one run, alternating the two builds
# so that the machine's noise falls on both. Kernels: the ALS sweep (mk-bench), the bayesfm
# sweep without and with genres (mk-bench-bayesfm) and fm's fit (bench/fm-speed.mk), all on
# MovieLens 100k u1.base. Prints one line per run; bench/README.md has the numbers of the day.
# Usage: bench/safety.sh [ROUNDS=3] [DATA_DIR]   (default ../shared/data/ml-100k)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-3}
data=${2:-../shared/data/ml-100k}
unchecked=(-Xswiftc -Ounchecked -Xswiftc -enforce-exclusivity=unchecked)
for p in mk mk-bench mk-bench-bayesfm; do
  swift build -c release --product "$p" >/dev/null
  swift build -c release --scratch-path .build-unchecked "${unchecked[@]}" --product "$p" >/dev/null
done
declare -A dirs=([checked]=.build/release [unchecked]=.build-unchecked/release)
field() { python3 -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }
for round in $(seq "$rounds"); do
  for build in unchecked checked; do
    bin=${dirs[$build]}
    als=$("$bin/mk-bench" "$data/u1.base" "$data/u1.test" 20 15 | head -n 1)
    plain=$("$bin/mk-bench-bayesfm" "$data/u1.base" "$data/u1.test")
    genres=$("$bin/mk-bench-bayesfm" "$data/u1.base" "$data/u1.test" --side "$data/u.item")
    fm=$("$bin/mk" run bench/fm-speed.mk | head -n 1)
    printf '%s round %s: als %.2f ms/sweep (rmse %.4f) | bayesfm %.1f ms/sweep (rmse %.4f), with genres %.1f (rmse %.4f) | fm fit %.2f s\n' \
      "$build" "$round" "$(python3 -c "import json,sys; print(json.loads(sys.argv[1])['seconds_per_sweep']*1e3)" "$als")" \
      "$(field "$als" rmse)" "$(field "$plain" ms_per_iter)" "$(field "$plain" rmse)" \
      "$(field "$genres" ms_per_iter)" "$(field "$genres" rmse)" "$fm"
  done
done
