#!/usr/bin/env bash
# mk at scale against its peers, in one run, each step side by side (issue "Scale up and out"):
# load (polars), ALS rank 64 (LensKit), Bayesian FM (myFM), fm, ALS on Spark MLlib local, with
# each process's peak memory. Outside CI: it takes about 15 minutes and a few GB of peers.
#
#   bench/scale.sh [DIR] [STEP...]    # default /tmp/mk-large, all steps: load als bayesfm fm spark
#   MK=path/to/mk bench/scale.sh …    # measure that binary instead of building this tree's
#
# Generates the seeded rating files in DIR when they are missing (bench/make_large.py: 9.5M
# ratings of 100k users and 20k items, a 90/10 split of them, and 3M of 60k x 12k split the
# same way; string ids; log-normal activity and popularity, a heavy tail of rarely rated items).
# Installs the peers when missing: numpy, scipy, myfm and polars into bench/.venv, LensKit (and
# the torch it needs) into bench/.venv-lenskit, Java 17 and pyspark by scripts/spark-venv.
# What each step times is in bench/scale.py's docstring.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=${1:-/tmp/mk-large}
shift || true
steps=("$@")
[ ${#steps[@]} -gt 0 ] || steps=(load als bayesfm fm spark)

if [ ! -x bench/.venv/bin/python ] || ! bench/.venv/bin/python -c "import numpy, scipy, myfm, polars" 2>/dev/null; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q numpy scipy myfm "setuptools<81" polars
fi
if [[ " ${steps[*]} " == *" als "* ]] && ! bench/.venv-lenskit/bin/python -c "import lenskit.als" 2>/dev/null; then
  python3 -m venv bench/.venv-lenskit
  bench/.venv-lenskit/bin/pip install -q lenskit "setuptools>=80"
fi
if [[ " ${steps[*]} " == *" spark "* ]]; then scripts/spark-venv; fi
for file in large.csv large-train.csv large-test.csv mid-train.csv mid-test.csv; do
  if [ ! -f "$dir/$file" ]; then
    echo "scale: generating the rating files in $dir (about a minute)" >&2
    bench/.venv/bin/python bench/make_large.py "$dir"
    break
  fi
done
if [ -z "${MK:-}" ]; then
  swift build -c release --product mk >/dev/null
  MK=$PWD/.build/release/mk
fi
bench/.venv/bin/python bench/scale.py "$MK" "$dir" "${steps[@]}"
