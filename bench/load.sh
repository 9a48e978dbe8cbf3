#!/usr/bin/env bash
# mk's `load` against polars' `read_csv` on the same file, in one run: wall time and peak memory
# (each tool in its own process, `getrusage` maximum RSS), and each process's base (the same
# process without the load), repeated. mk also loads with cache=true twice (the second load
# reads the cache) when the file's folder is writable; the cache file is removed afterwards.
# Usage: bench/load.sh [FILE] [RUNS]   (default /tmp/mk-large/large.csv, made by
#        bench/make_large.py; 3 runs). MK=path/to/mk measures another build (main's loader).
set -euo pipefail
cd "$(dirname "$0")/.."
file=${1:-/tmp/mk-large/large.csv}
runs=${2:-3}
if [ -z "${MK:-}" ]; then
  swift build -c release --product mk >/dev/null
  MK=.build/release/mk
fi
if [ ! -x bench/.venv/bin/python ] || ! bench/.venv/bin/python -c "import polars" 2>/dev/null; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q polars
fi
bench/.venv/bin/python bench/load_bench.py "$MK" "$file" "$runs"
