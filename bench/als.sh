#!/usr/bin/env bash
# mk's ALS against a plain numpy ALS on MovieLens 100k u1.base → u1.test, rank 20, 15 sweeps,
# in one run. Prints both JSON lines, then the speed ratio and mk's share of the sgemm rate.
# Usage: bench/als.sh [DATA_DIR]   (default: ../shared/data/ml-100k beside the project)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data/ml-100k}
swift build -c release --product mk-bench >/dev/null
if [ ! -x bench/.venv/bin/python ]; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q numpy
fi
# OpenBLAS core-type overrides slow a current numpy; unset them for the peer's run alone.
numpy_line=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE bench/.venv/bin/python bench/numpy_als.py "$data/u1.base" "$data/u1.test")
mk_line=$(.build/release/mk-bench "$data/u1.base" "$data/u1.test" 20 15)
echo "$numpy_line"
echo "$mk_line"
python3 - "$numpy_line" "$mk_line" <<'PY'
import json, sys
n, m = json.loads(sys.argv[1]), json.loads(sys.argv[2])
print(f"per sweep: numpy {n['seconds_per_sweep']*1e3:.1f} ms, mk {m['seconds_per_sweep']*1e3:.2f} ms "
      f"-> mk is {n['seconds_per_sweep']/m['seconds_per_sweep']:.1f}x faster")
print(f"RMSE on u1.test: numpy {n['rmse']:.4f} (no biases), mk {m['rmse']:.4f} (default options, rank 20)")
print(f"mk ALS runs at {m['gflops']:.2f} GFLOP/s; sgemm 1024^3 reaches {m['sgemm_gflops_1thread']:.1f} GFLOP/s on one "
      f"thread, {m['sgemm_gflops_all']:.1f} on {m['cores']} ({100*m['gflops']/m['sgemm_gflops_all']:.0f}% of it)")
print(f"memory: {m['bytes_per_rating']:.1f} bytes per loaded rating (u1.base, with its time column)")
PY
