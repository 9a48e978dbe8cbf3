#!/usr/bin/env bash
# ALS at wide ranks on the generated 9.5M-rating set, against the machine's limit, in one run:
#  1. numpy's sgemm (its bundled OpenBLAS, all cores): the machine's single-precision rate, and
#     the implied limit for one sweep = the sweep's flops (mk-bench counts them from the data:
#     see exactSweepFlops in bench/mk-bench/WideRanks.swift) / that rate;
#  2. the sgemm rate of the OpenBLAS mk links, as it starts and with OPENBLAS_CORETYPE=Haswell;
#  3. mk's `fit als rank=RANK` seconds a sweep on large.csv (load excluded) with solver=cholesky
#     and solver=cg, each half-step path timed alone on the same factors;
#  4. test RMSE on large-test.csv after SWEEPS sweeps on large-train.csv, cholesky against cg.
# Usage: bench/als-large.sh [DATA_DIR] [RANK] [SWEEPS]  (default /tmp/mk-large, 64, 5; MK_BENCH=PATH
#        runs that mk-bench binary instead of building one;
#        the files come from bench/make_large.py)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-/tmp/mk-large}
rank=${2:-64}
sweeps=${3:-5}
[ -n "${MK_BENCH:-}" ] || swift build -c release --product mk-bench >/dev/null
if [ ! -x bench/.venv/bin/python ] || ! bench/.venv/bin/python -c "import numpy" 2>/dev/null; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q numpy
fi
# numpy's own OpenBLAS picks its kernels itself: no core-type override for the peer.
numpy_line=$(env -u OPENBLAS_CORETYPE bench/.venv/bin/python - <<'PY'
import json, os, time
import numpy as np
n = 2048
rng = np.random.default_rng(1)
a = rng.standard_normal((n, n), dtype=np.float32)
b = rng.standard_normal((n, n), dtype=np.float32)
best = float("inf")
for _ in range(5):
    t0 = time.perf_counter(); a @ b; best = min(best, time.perf_counter() - t0)
cfg = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
print(json.dumps({"tool": "numpy-sgemm", "n": n, "gflops": 2 * n**3 / best / 1e9, "numpy": np.__version__,
                  "blas": f"{cfg.get('name')} {cfg.get('version')}", "cores": os.cpu_count()}))
PY
)
blas_line=$(env -u OPENBLAS_CORETYPE ${MK_BENCH:-.build/release/mk-bench} blas)
haswell_line=$(OPENBLAS_CORETYPE=Haswell ${MK_BENCH:-.build/release/mk-bench} blas)
mapfile -t large_lines < <(env -u OPENBLAS_CORETYPE ${MK_BENCH:-.build/release/mk-bench} large "$data/large.csv" \
  "$data/large-train.csv" "$data/large-test.csv" "$rank" "$sweeps")
printf '%s\n' "$numpy_line" "$blas_line" "$haswell_line" "${large_lines[@]}"
python3 - "$numpy_line" "$blas_line" "$haswell_line" "${large_lines[@]}" <<'PY'
import json, sys
numpy, blas, haswell, large, acc = (json.loads(a) for a in sys.argv[1:6])
limit = large["sweep_gflop"] / numpy["gflops"]
print(f"machine: numpy sgemm {numpy['gflops']:.1f} GFLOP/s on {numpy['cores']} cores ({numpy['blas']})")
print(f"one rank-{large['rank']} sweep on {large['ratings']} ratings: {large['sweep_gflop']:.1f} GFLOP "
      f"-> limit {limit:.2f} s, target (2x) {2 * limit:.2f} s")
for b in (blas, haswell):
    print(f"mk's OpenBLAS, core {b['corename']} (OPENBLAS_CORETYPE={b['OPENBLAS_CORETYPE'] or 'unset'}): "
          f"sgemm {b['sgemm_gflops_1thread']:.1f} GFLOP/s on 1 thread, {b['sgemm_gflops_all']:.1f} on {b['cores']}")
for s in ("cholesky", "cg"):
    w, c = large[f"{s}_seconds_per_sweep"], large[f"{s}_cpu_seconds_per_sweep"]
    print(f"fit als rank={large['rank']} solver={s}: {w:.2f} s a sweep ({c:.2f} CPU s), {w / limit:.2f}x the limit"
          + (f", {large['sweep_gflop'] / w:.1f} GFLOP/s" if s == "cholesky" else ""))
print("one sweep by path: " + ", ".join(f"{p} {large[p + '_sweep_seconds']:.2f} s" for p in ("blocked", "lapack", "simd", "cg")))
print(f"large-test RMSE after {acc['sweeps']} sweeps: cholesky {acc['cholesky_test_rmse']:.4f}, cg {acc['cg_test_rmse']:.4f} "
      f"(train {acc['cholesky_train_rmse']:.4f} / {acc['cg_train_rmse']:.4f})")
PY
