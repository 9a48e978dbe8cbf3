"""mk against its peers at scale, step by step, in one run (bench/scale.sh does the setup).

    python scale.py MK DIR STEP...      # STEP: load als bayesfm fm spark

Every tool runs in a fresh process; its peak memory is that process's maximum RSS (wait4). The
files are bench/make_large.py's (large.csv 9.5M ratings, large-train/-test 8.6M/1M,
mid-train/-test 2.7M/0.3M). Times are each tool's own clock around the work named, so process
start, imports and (except for `load`) reading the file are left out of both sides:

  load     mk `load` (its `time`) against polars `read_csv`, on large.csv
  als      `fit als rank=64` a sweep against LensKit's ALS (BiasedMFScorer, 64 features) an
           epoch, 3 sweeps, on large.csv
  bayesfm  `fit bayesfm rank=10`, 30 sweeps on mid-train (test RMSE on mid-test) against myFM
           (one core: its sampler is serial), then mk alone on large-train (6 sweeps, keep=1)
  fm       `fit fm rank=10` an epoch on large-train (no peer in this list trains an FM by SGD)
  spark    Spark MLlib's ALS alone (local[2], rank 10, 5 iterations, regParam 0.1; the time of
           `ALS.fit`, scripts/spark_als.py's phases) against native `fit als` with the same
           options (bias=false prior=0), and the same through mk (`fit als "mid-train.csv"
           engine=spark`, the whole round trip: JVM start, Spark reading the file, factors back)

Environment: LENSKIT_PYTHON (default bench/.venv-lenskit/bin/python), SPARK_PYTHON (default
.build/spark-venv/bin/python).
"""
import json
import os
import re
import subprocess
import sys
import tempfile

import benchlib
from benchlib import child_peak_kb, numbers, seconds

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
mk, data, steps = sys.argv[1], sys.argv[2], sys.argv[3:]
lenskit_python = os.environ.get("LENSKIT_PYTHON", os.path.join(HERE, ".venv-lenskit/bin/python"))
spark_python = os.environ.get("SPARK_PYTHON", os.path.join(ROOT, ".build/spark-venv/bin/python"))
rows = []  # step, what, mk value, peer name, peer value, unit, mk MB, peer MB, note


def f(name):
    return os.path.join(data, name)


def mb(kb):
    return kb / 1024 * 1.048576


def mk_lines(statements):
    out, peak = benchlib.mk_run(mk, statements)
    return [l for l in out.splitlines() if l.strip()], peak


def report(step, what, mine, peer, theirs, unit, mine_kb, theirs_kb, note=""):
    rows.append((step, what, mine, peer, theirs, unit, mine_kb, theirs_kb, note))
    ratio = f"{theirs / mine:.2f}" if mine and theirs else "-"
    print(f"  {what}: mk {mine:.3f} {unit}" + (f", {peer} {theirs:.3f} {unit} -> mk's speed is {ratio}x {peer}'s" if theirs else "")
          + f"; peak mk {mb(mine_kb):.0f} MB" + (f", {peer} {mb(theirs_kb):.0f} MB" if theirs_kb else "")
          + (f" ({note})" if note else ""), flush=True)


POLARS = r'''
import json, sys, time
import polars as pl
t = time.perf_counter()
df = pl.read_csv(sys.argv[1], has_header=True)
print(json.dumps({"rows": df.height, "wall": time.perf_counter() - t}))
'''


def step_load():
    base_out, base_kb = mk_lines(["x = 1", "x"])
    out, peak = mk_lines([f'time r = load "{f("large.csv")}"', "r.count"])
    wall, n = seconds(out[0]), int(numbers(out[-1])[0])
    pout, ppeak = child_peak_kb([sys.executable, "-c", POLARS, f("large.csv")])
    p = json.loads(pout)
    arrays_kb = n * 16 / 1024
    report("load", f"load large.csv ({n} ratings), s", wall, "polars", p["wall"], "s", peak, ppeak,
           f"mk (peak - base) / arrays = {(peak - base_kb) / arrays_kb:.2f}")


LENSKIT = r'''
import json, sys, time
import pandas as pd
from lenskit.data import from_interactions_df
from lenskit.als import BiasedMFScorer
path, rank, epochs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
df = pd.read_csv(path, dtype={"user": str, "item": str})
ds = from_interactions_df(df, user_col="user", item_col="item", rating_col="rating")
model = BiasedMFScorer(embedding_size=rank, epochs=epochs, regularization=0.1)
t = time.perf_counter()
model.train(ds)
print(json.dumps({"seconds": time.perf_counter() - t, "epochs": epochs}))
'''


def step_als():
    sweeps = 3
    out, peak = mk_lines([f'tr = load "{f("large.csv")}"', f"m = fit als tr rank=64 iters={sweeps} seed=1",
                          "print [m.seconds]"])
    mine = numbers(out[-1])[0] / sweeps
    theirs, tpeak, note = 0.0, 0, ""
    if os.path.exists(lenskit_python):
        lout, tpeak = child_peak_kb([lenskit_python, "-c", LENSKIT, f("large.csv"), "64", str(sweeps)])
        theirs = json.loads(lout.splitlines()[-1])["seconds"] / sweeps
    else:
        note = f"LensKit skipped: no {lenskit_python}"
    report("als", "fit als rank=64 on large.csv, s a sweep", mine, "LensKit", theirs, "s", peak, tpeak, note)


def step_bayesfm():
    mout, mpeak = child_peak_kb([sys.executable, os.path.join(HERE, "myfm_large.py"), f("mid-train.csv"), f("mid-test.csv")],
                                env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
    myfm = json.loads(mout.splitlines()[-1])
    out, peak = mk_lines([f'tr = load "{f("mid-train.csv")}"', f'te = load "{f("mid-test.csv")}"',
                          "m = fit bayesfm tr rank=10 iters=30 burnin=5 seed=1", "print [(rmse m te), m.seconds]"])
    rmse, fit = numbers(out[-1])
    report("bayesfm", "fit bayesfm rank=10 on mid-train (2.7M), s a sweep", fit / 30, "myFM", myfm["seconds_per_sweep"],
           "s", peak, mpeak, f"test RMSE after 30 sweeps: mk {rmse:.4f}, myFM {myfm['rmse']:.4f}")
    sweeps = 6
    out, peak = mk_lines([f'tr = load "{f("large-train.csv")}"', f'te = load "{f("large-test.csv")}"',
                          f"m = fit bayesfm tr rank=10 iters={sweeps} burnin=1 keep=1 seed=1",
                          "print [(rmse m te), m.seconds]"])
    rmse, fit = numbers(out[-1])
    report("bayesfm", "fit bayesfm rank=10 keep=1 on large-train (8.6M), s a sweep", fit / sweeps, "", 0, "s", peak, 0,
           f"test RMSE after {sweeps} sweeps {rmse:.4f}")


def step_fm():
    epochs = 2
    out, peak = mk_lines([f'tr = load "{f("large-train.csv")}"', f'te = load "{f("large-test.csv")}"',
                          f"m = fit fm tr rank=10 iters={epochs} seed=0", "print [(rmse m te), m.seconds]"])
    rmse, fit = numbers(out[-1])
    report("fm", "fit fm rank=10 on large-train (8.6M), s an epoch", fit / epochs, "", 0, "s", peak, 0,
           f"test RMSE after {epochs} epochs {rmse:.4f}")


def spark_alone(path):
    """Spark's ALS.fit seconds and the driver's peak, from scripts/spark_als.py's phase lines."""
    with tempfile.TemporaryDirectory() as out:
        cmd = [spark_python, os.path.join(ROOT, "scripts/spark_als.py"), "--path", path, "--out", out,
               "--master", "local[2]", "--rank", "10", "--reg", "0.1", "--iters", "5", "--seed", "1"]
        with tempfile.TemporaryFile("w+") as err:
            p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
            _, status, usage = os.wait4(p.pid, 0)
            err.seek(0)
            log = err.read()
        if status != 0:
            raise SystemExit(f"spark_als.py failed: {log[-2000:]}")
        at = {m.group(1): float(m.group(2)) for m in re.finditer(r"MKSPARK phase \d+/\d+ (\w+) ([0-9.]+)s", log)}
        return at["factors"] - at["als"], usage.ru_maxrss


def step_spark():
    if not os.path.exists(spark_python):
        print(f"  spark skipped: no {spark_python} (scripts/spark-venv installs it)")
        return
    options = "rank=10 iters=5 lambda=0.1 bias=false prior=0 seed=1"
    theirs, tpeak = spark_alone(f("mid-train.csv"))
    out, peak = mk_lines([f'tr = load "{f("mid-train.csv")}"', f'te = load "{f("mid-test.csv")}"',
                          f"m = fit als tr {options}", "print [(rmse m te), m.seconds]"])
    rmse, fit = numbers(out[-1])
    report("spark", "als rank=10, 5 iterations on mid-train (2.7M), s", fit, "Spark ALS local[2]", theirs, "s", peak, tpeak,
           f"native test RMSE {rmse:.4f}; Spark's peak is its Python driver, not the JVM")
    env = {**os.environ, "MK_PYTHON": spark_python}
    out, peak = benchlib.mk_run(mk, [f'te = load "{f("mid-test.csv")}"',
                                     f'm = fit als "{f("mid-train.csv")}" engine=spark master="local[2]" {options}',
                                     "print [(rmse m te), m.seconds]"], env=env)
    rmse, fit = numbers([l for l in out.splitlines() if l.strip()][-1])
    report("spark", "fit als \"mid-train.csv\" engine=spark (round trip), s", fit, "", 0, "s", peak, 0,
           f"test RMSE {rmse:.4f}")


print(f"bench/scale.py: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}, data {data}", flush=True)
for step in steps:
    print(f"== {step}", flush=True)
    {"load": step_load, "als": step_als, "bayesfm": step_bayesfm, "fm": step_fm, "spark": step_spark}[step]()
print(f"\n{'step':<8} {'measure':<62} {'mk':>8} {'peer':>20} {'peer/mk':>8} {'mk MB':>7} {'peer MB':>8}")
for step, what, mine, peer, theirs, unit, mine_kb, theirs_kb, note in rows:
    ratio = f"{theirs / mine:.2f}" if mine and theirs else "-"
    print(f"{step:<8} {what:<62} {mine:>8.3f} {(f'{peer} {theirs:.3f}' if theirs else '-'):>20} {ratio:>8} "
          f"{mb(mine_kb):>7.0f} {(f'{mb(theirs_kb):.0f}' if theirs_kb else '-'):>8}")
print(f"load average at the end {os.getloadavg()[0]:.1f}")
