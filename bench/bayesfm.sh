#!/usr/bin/env bash
# mk's bayesfm against myFM (Bayesian FM by Gibbs sampling) on MovieLens 100k u1.base → u1.test,
# rank 10, 200 sweeps, without and with the genres of u.item, in one run. Prints each tool's
# JSON line, then RMSE, wall time, ms per sweep and peak memory side by side.
# Usage: bench/bayesfm.sh [DATA_DIR]   (default: ../shared/data/ml-100k beside the project)
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-../shared/data/ml-100k}
swift build -c release --product mk-bench-bayesfm >/dev/null
if [ ! -x bench/.venv/bin/python ] || ! bench/.venv/bin/python -c "import myfm" 2>/dev/null; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q myfm "setuptools<81" scipy
fi
lines=()
for side in "" "--side $data/u.item"; do
  # Each tool runs in its own process, so peak memory is its own; wall time is the fit alone.
  lines+=("$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE bench/.venv/bin/python bench/myfm_bayesfm.py "$data/u1.base" "$data/u1.test" $side 2>/dev/null)")
  lines+=("$(.build/release/mk-bench-bayesfm "$data/u1.base" "$data/u1.test" $side)")
done
printf '%s\n' "${lines[@]}"
python3 - "${lines[@]}" <<'PY'
import json, sys
rows = [json.loads(a) for a in sys.argv[1:]]
print(f"{'tool':<12}{'genres':<8}{'RMSE':>8}{'fit s':>8}{'ms/sweep':>10}{'peak MB':>9}")
for r in rows:
    print(f"{r['tool']:<12}{str(r['side']):<8}{r['rmse']:>8.4f}{r['fit_seconds']:>8.2f}{r['ms_per_iter']:>10.1f}{r['peak_mb']:>9.0f}")
for a, b in zip(rows[0::2], rows[1::2]):
    print(f"genres={a['side']}: mk is {a['fit_seconds']/b['fit_seconds']:.1f}x faster than myFM, "
          f"RMSE {b['rmse']:.4f} vs {a['rmse']:.4f} ({'equal or better' if b['rmse'] <= a['rmse'] + 5e-4 else 'worse'})")
PY
