#!/usr/bin/env bash
# Knowledge tracing on ASSISTments 2009 (fold 1: assist2009_pid_train1 → test1, test students
# unseen), mk beside its peers in one run: scikit-learn's liblinear LogisticRegression (C = 1)
# on the IRT, PFA and iswf designs, as ktm's lr.py, and myFM's Gibbs classifier on iswf at
# rank 20 (100 sweeps, 90 kept, seed 1), as ktm's fm.py. The peers encode the files themselves
# (bench/kt_peers.py); mk runs bench/kt.mk. Fit time only, not encoding; the peers and mk run on
# one core each (OPENBLAS_NUM_THREADS=1; mk's own loops use every core: its times are also
# shown with one core, taskset, when available).
# Usage: bench/kt.sh [DATA_DIR]   (default: ../shared/data beside the project)
set -euo pipefail
cd "$(dirname "$0")/.."
data=$(cd "${1:-../shared/data}" && pwd)
swift build -c release --product mk >/dev/null
if [ ! -x bench/.venv/bin/python ] || ! bench/.venv/bin/python -c "import myfm, sklearn" 2>/dev/null; then
  python3 -m venv bench/.venv
  bench/.venv/bin/pip install -q myfm "setuptools<81" scipy scikit-learn
fi
train=$data/assist2009/assist2009_pid_train1.csv
test=$data/assist2009/assist2009_pid_test1.csv
peers=$(OPENBLAS_NUM_THREADS=1 bench/.venv/bin/python bench/kt_peers.py "$train" "$test")
echo "$peers"
notebook=$(mktemp /tmp/mk-kt-XXXXXX.mk)
trap 'rm -f "$notebook"' EXIT
sed "s#\.\./\.\./shared/data#$data#g" bench/kt.mk >"$notebook"
mk_all=$(.build/release/mk run "$notebook")
echo "mk, all cores: $mk_all" | tr '\n' ' '; echo
mk_one=""
if command -v taskset >/dev/null; then
  mk_one=$(OPENBLAS_NUM_THREADS=1 taskset -c 0 .build/release/mk run "$notebook")
  echo "mk, one core: $mk_one" | tr '\n' ' '; echo
fi
python3 - "$peers" "$mk_all" "$mk_one" <<'PY'
import json, sys
peers = [json.loads(l) for l in sys.argv[1].splitlines() if l.strip()]
def rows(text):
    return [[float(x) for x in l.strip("[]").split(",")] for l in text.splitlines() if l.startswith("[")]
mk_all, mk_one = rows(sys.argv[2]), rows(sys.argv[3])
print(f"{'model':<20}{'peer':<18}{'peer AUC':>9}{'mk AUC':>8}{'ΔAUC':>8}{'peer s':>8}{'mk s':>7}{'mk 1-core s':>12}{'faster':>8}")
lr_peer = lr_mk = 0.0
for k, p in enumerate(peers):
    a, s = mk_all[k]
    one = mk_one[k][1] if mk_one else float("nan")
    print(f"{p['model']:<20}{p['tool']:<18}{p['auc']:>9.4f}{a:>8.4f}{a - p['auc']:>+8.4f}{p['fit_seconds']:>8.2f}{s:>7.2f}{one:>12.2f}"
          f"{p['fit_seconds'] / s:>7.1f}x")
    if p["model"].startswith("lr"):
        lr_peer += p["fit_seconds"]; lr_mk += s
print(f"lr in total: mk {lr_mk:.2f} s against liblinear {lr_peer:.2f} s: {lr_peer / lr_mk:.1f}x faster")
auc = {p["model"].split()[1]: mk_all[k][0] for k, p in enumerate(peers) if p["model"].startswith("lr")}
print("order iswf > pfa > irt:", "yes" if auc["iswf"] > auc["pfa"] > auc["irt"] else "NO")
PY
