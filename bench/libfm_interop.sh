#!/usr/bin/env bash
# libFM interop: mk writes MovieLens 100k u1.base/u1.test with the genres of u.item as libFM files
# (`write ... format=libfm side=genres`, groups in .meta), then fits bayesfm (rank 10, 200 sweeps)
# three ways in one run: mk on its own data, mk on the libFM files it wrote read back
# (`load ... format=libfm`), and myFM on the same files (sklearn's load_svmlight_file, group_shapes
# from the .meta). mk's two RMSEs must be equal (same seed, same design), myFM's within 0.01.
# Usage: [MK_BIN=mk] [MK_BENCH_PYTHON=python] bench/libfm_interop.sh [DATA_DIR] [SEEDS]
#        (default: ../shared/data/ml-100k, seeds "0 1 2")
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(cd "${1:-../shared/data/ml-100k}" && pwd)
seeds=${2:-0 1 2}
python=${MK_BENCH_PYTHON:-bench/.venv/bin/python}
# MK_BIN: an mk already built in release (e.g. by scripts/test), to skip the build here.
mk=${MK_BIN:-.build/release/mk}
[ -n "${MK_BIN:-}" ] || swift build -c release --product mk >/dev/null
if [ ! -x "$python" ] || ! "$python" -c "import myfm, sklearn" 2>/dev/null; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q myfm "setuptools<81" scipy scikit-learn
  python=bench/.venv/bin/python
fi
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
printf '%-6s%-28s%10s%8s\n' seed run RMSE "fit s"
for seed in $seeds; do
  cat > "$out/interop.mk" <<MK
train = load "$data/u1.base" format=ml100k
test = load "$data/u1.test" format=ml100k
genres = items "$data/u.item"
write train "train.libfm" format=libfm side=genres
write test "test.libfm" format=libfm side=genres train=train
m = fit bayesfm train side=genres rank=10 iters=200 seed=$seed
print (rmse m test)
dtrain = load "train.libfm" format=libfm
dtest = load "test.libfm" format=libfm
b = fit bayesfm dtrain rank=10 iters=200 seed=$seed
print (rmse b dtest)
MK
  start=$(date +%s.%N)
  mapfile -t r < <("$mk" run "$out/interop.mk" | grep -E '^[0-9.]+$')
  mk_s=$(echo "$(date +%s.%N) - $start" | bc)
  peer=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE "$python" bench/myfm_libfm.py "$out/train.libfm" "$out/test.libfm" --seed "$seed" 2>/dev/null)
  "$python" - "$seed" "${r[0]}" "${r[1]}" "$mk_s" "$peer" <<'PY'
import json, sys
seed, mk, back, mk_s, peer = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), json.loads(sys.argv[5])
print(f"{seed:<6}{'mk (its own data)':<28}{mk:>10.4f}")
print(f"{seed:<6}{'mk (the libFM files)':<28}{back:>10.4f}{mk_s:>8.1f}  (both mk fits, and the writes)")
print(f"{seed:<6}{'myFM (the libFM files)':<28}{peer['rmse']:>10.4f}{peer['fit_seconds']:>8.1f}")
print(f"      mk read back equal: {mk == back}; |myFM - mk| = {abs(peer['rmse'] - mk):.4f} "
      f"({'within' if abs(peer['rmse'] - mk) <= 0.01 else 'NOT within'} 0.01); groups {peer['groups']}")
PY
done
