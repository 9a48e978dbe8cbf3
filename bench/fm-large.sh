#!/usr/bin/env bash
# fm's epoch time at scale, before and after: `fit fm TRAIN rank=10 iters=N seed=0` with the mk
# of a base commit (default: main) and with this tree's, on the generated 8.6M-rating training
# set (bench/make_large.py), alternating the two builds REPEAT times in one run. Prints, per
# run, the fit's seconds (the load is not timed), wall and CPU seconds an epoch, test RMSE and
# peak memory, then the best epoch times of each build and their ratios.
# Usage: bench/fm-large.sh [TRAIN] [TEST]   (default /tmp/mk-large/large-{train,test}.csv)
#   BEFORE=REF (default main)  ITERS=epochs (3)  REPEAT=rounds (2)  OPTIONS="batch=256 ..." (both builds)
#   BUILD_PATH=DIR (default .build): where this tree's mk is built, e.g. .build-bench so that a
#   test build in .build (scripts/test's flags) is not recompiled by this one's.
#   AFTER_MK=PATH: time this mk as "after" instead of building one (e.g. scripts/test's
#   release build, .build/release/mk, when a second build would take too long on a busy machine).
# The base commit is exported with `git archive` and built once into ${MK_BENCH_CACHE:-/tmp}/mk-before-SHA.
set -euo pipefail
cd "$(dirname "$0")/.."
train=${1:-/tmp/mk-large/large-train.csv}
test=${2:-/tmp/mk-large/large-test.csv}
before=${BEFORE:-main}
iters=${ITERS:-3}
repeat=${REPEAT:-2}
options=${OPTIONS:-}
for f in "$train" "$test"; do
  [ -f "$f" ] || { echo "fm-large: no $f (make it with bench/.venv/bin/python bench/make_large.py)" >&2; exit 1; }
done
[ "$iters" -ge 2 ] || { echo "fm-large: ITERS must be at least 2 (CPU an epoch is ITERS epochs minus 1)" >&2; exit 1; }

sha=$(git rev-parse "$before")
base_dir=${MK_BENCH_CACHE:-/tmp}/mk-before-$sha
if [ ! -x "$base_dir/.build/release/mk" ]; then
  echo "building $before ($sha) in $base_dir ..." >&2
  mkdir -p "$base_dir"
  git archive "$sha" | tar -x -C "$base_dir"
  (cd "$base_dir" && swift build -c release --product mk >/dev/null)
fi
build_path=${BUILD_PATH:-.build}
after_mk=${AFTER_MK:-$build_path/release/mk}
if [ -z "${AFTER_MK:-}" ]; then
  echo "building this tree in $build_path ..." >&2
  swift build -c release --product mk --build-path "$build_path" >/dev/null
fi

script=$(mktemp --suffix=.mk)
one=$(mktemp --suffix=.mk)
trap 'rm -f "$script" "$one"' EXIT
fit() {
  printf 'train = load "%s"\ntest = load "%s"\nf = fit fm train rank=10 iters=%s seed=0 %s\nprint f.seconds\nrmse f test\n' \
    "$train" "$test" "$1" "$options"
}
fit "$iters" >"$script"
fit 1 >"$one"

# Wall seconds are the fit's own (`f.seconds`); on a shared machine they swing with the load,
# so CPU seconds an epoch are given too: the process's user + sys CPU with ITERS epochs minus
# that with 1 epoch (the same load and design), over ITERS - 1.
printf '%-7s %-11s %7s %8s %9s %9s %8s %5s\n' build commit "fit s" "s/epoch" "CPU s/ep" "test RMSE" "peak MB" load
results=()
for round in $(seq "$repeat"); do
  for build in before after; do
    if [ $build = before ]; then mk="$base_dir/.build/release/mk"; commit=${sha:0:10}; else
      mk="$after_mk"; commit="$(git rev-parse --short=10 HEAD)$(git diff --quiet HEAD -- Sources || echo +)"; fi
    load=$(cut -d' ' -f1 /proc/loadavg)
    out=$( { /usr/bin/time -f "cpu %U %S %M" "$mk" run "$script"; } 2>&1 )
    base=$( { /usr/bin/time -f "cpu %U %S %M" "$mk" run "$one"; } 2>&1 )
    seconds=$(echo "$out" | sed -n 1p)
    rmse=$(echo "$out" | sed -n 2p)
    read -r per cpu peak < <(python3 -c '
import sys
seconds, iters = float(sys.argv[1]), int(sys.argv[2])
_, u, s, peak = sys.argv[3].split()
_, u1, s1, _ = sys.argv[4].split()
cpu = ((float(u) + float(s)) - (float(u1) + float(s1))) / (iters - 1)
print(f"{seconds / iters:.2f} {cpu:.2f} {int(peak) / 1024:.0f}")
' "$seconds" "$iters" "$(echo "$out" | grep '^cpu')" "$(echo "$base" | grep '^cpu')")
    printf '%-7s %-11s %7.2f %8s %9s %9s %8s %5s\n' $build "$commit" "$seconds" "$per" "$cpu" "$rmse" "$peak" "$load"
    results+=("$build $per $cpu")
  done
done
python3 -c '
import sys
best = {}
for a in sys.argv[1:]:
    build, per, cpu = a.split()
    w, c = best.get(build, (float("inf"), float("inf")))
    best[build] = (min(w, float(per)), min(c, float(cpu)))
(bw, bc), (aw, ac) = best["before"], best["after"]
print(f"best wall s/epoch: before {bw:.2f}, after {aw:.2f} ({bw / aw:.1f}x); "
      f"best CPU s/epoch: before {bc:.2f}, after {ac:.2f} ({bc / ac:.1f}x)")
' "${results[@]}"
