#!/usr/bin/env bash
# Bayesian FM at scale (issue "Scale up and out"), mk beside myFM in one run, on the files
# bench/make_large.py generates: 30 sweeps at rank 10 (burnin 5, the rest averaged) on
# mid-train.csv (2.7M ratings) → mid-test.csv, both tools; then mk alone on large-train.csv
# (8.6M ratings), a few sweeps, for seconds a sweep and peak memory. Fit time only (mk's
# `M.seconds`, myFM's own clock around `fit`); myFM runs on one core, mk on all.
# Each run also prints its process's peak memory and CPU seconds (user + system, /usr/bin/time),
# and the script the load average before each run, since the machine may be shared.
# Usage: bench/bayesfm-large.sh [DIR] [LARGE_SWEEPS]   (default /tmp/mk-large, 6)
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/tmp/mk-large}
large_sweeps=${2:-6}
[ -f "$dir/mid-train.csv" ] || { echo "no $dir/mid-train.csv: run bench/.venv/bin/python bench/make_large.py $dir" >&2; exit 1; }
swift build -c release --product mk >/dev/null
if [ ! -x bench/.venv/bin/python ] || ! bench/.venv/bin/python -c "import myfm" 2>/dev/null; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q myfm "setuptools<81" scipy
fi
notebook=$(mktemp /tmp/mk-bayesfm-large-XXXXXX.mk)
trap 'rm -f "$notebook"' EXIT
timed() { /usr/bin/time -f "peak %M KB, cpu %U+%S s" "$@" 2>&1 | grep -v 'it/s\]' | tail -2 | tr '\n' ' '; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
echo "load average $(load)"
echo "myFM, mid (2.7M), 30 sweeps: $(OPENBLAS_NUM_THREADS=1 timed bench/.venv/bin/python bench/myfm_large.py "$dir/mid-train.csv" "$dir/mid-test.csv")"
cat >"$notebook" <<MK
tr = load "$dir/mid-train.csv"
te = load "$dir/mid-test.csv"
m = fit bayesfm tr rank=10 iters=30 burnin=5 seed=1
print [(rmse m te), m.seconds, m.seconds / 30]
MK
echo "load average $(load)"
echo "mk, mid (2.7M), 30 sweeps [test RMSE, fit s, s a sweep]: $(timed .build/release/mk run "$notebook")"
cat >"$notebook" <<MK
tr = load "$dir/large-train.csv"
te = load "$dir/large-test.csv"
m = fit bayesfm tr rank=10 iters=$large_sweeps burnin=1 keep=1 seed=1
print [(rmse m te), m.seconds, m.seconds / $large_sweeps]
MK
echo "load average $(load)"
echo "mk, large (8.6M), $large_sweeps sweeps [test RMSE, fit s, s a sweep] and process peak: $(timed .build/release/mk run "$notebook")"
