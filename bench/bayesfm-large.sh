#!/usr/bin/env bash
# Bayesian FM at scale (issue "Scale up and out"), mk beside myFM in one run, on the files
# bench/make_large.py generates: 30 sweeps at rank 10 (burnin 5, the rest averaged) on
# mid-train.csv (2.7M ratings) → mid-test.csv, both tools; then mk alone on large-train.csv
# (8.6M ratings), a few sweeps, for seconds a sweep and peak memory. Fit time only (mk's
# `M.seconds`, myFM's own clock around `fit`); myFM runs on one core, mk on all.
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
echo "myFM, mid (2.7M), 30 sweeps: $(OPENBLAS_NUM_THREADS=1 bench/.venv/bin/python bench/myfm_large.py "$dir/mid-train.csv" "$dir/mid-test.csv")"
cat >"$notebook" <<MK
tr = load "$dir/mid-train.csv"
te = load "$dir/mid-test.csv"
m = fit bayesfm tr rank=10 iters=30 burnin=5 seed=1
print [(rmse m te), m.seconds, m.seconds / 30]
MK
echo "mk, mid (2.7M), 30 sweeps [test RMSE, fit s, s a sweep]: $(.build/release/mk run "$notebook" | tail -1)"
cat >"$notebook" <<MK
tr = load "$dir/large-train.csv"
te = load "$dir/large-test.csv"
m = fit bayesfm tr rank=10 iters=$large_sweeps burnin=1 keep=1 seed=1
print [(rmse m te), m.seconds, m.seconds / $large_sweeps]
MK
out=$(/usr/bin/time -f "peak %M KB" .build/release/mk run "$notebook" 2>&1 | tail -2 | tr '\n' ' ')
echo "mk, large (8.6M), $large_sweeps sweeps [test RMSE, fit s, s a sweep] and process peak: $out"
