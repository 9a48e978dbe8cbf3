"""Times mk's `load` and polars' `read_csv` of one file, each in its own process (bench/load.sh).

mk: `time r = load "FILE"` in a notebook run by `mk run`; wall time as mk's `time` prints it,
peak RSS of that process (wait4's rusage), base RSS from the same
notebook without the load. polars: `pl.read_csv(FILE)` in a fresh Python, wall time of the
call, peak RSS from getrusage, base RSS after `import polars`. A `.dat` file is read by mk
with sep="::" (polars has no multi-character separator: it is skipped there).
"""
import json, os, re, sys

import benchlib
from benchlib import child_peak_kb, seconds

mk, path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
multi = path.endswith(".dat") or path.endswith(".dat.gz")
opts = ' sep="::"' if multi else ""

POLARS = r'''
import json, resource, sys, time
import polars as pl
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
df = pl.read_csv(sys.argv[1], has_header=True)
wall = time.perf_counter() - t
print(json.dumps({"rows": df.height, "wall": wall, "base_kb": base,
                  "peak_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
'''

def mk_run(statements):
    return benchlib.mk_run(mk, statements)

rows = []
base_out, base_kb = mk_run(["x = 1", "x"])
for run in range(runs):
    out, peak = mk_run([f'time r = load "{path}"{opts}', "r.count"])
    wall = seconds(out.splitlines()[0] if out else "")
    n = int(re.findall(r"\d+", out.splitlines()[-1])[0])
    rows.append({"tool": "mk", "run": run + 1, "wall": wall, "peak_kb": peak, "base_kb": base_kb, "rows": n})
    if not multi:
        pout, _ = child_peak_kb([sys.executable, "-c", POLARS, path])
        p = json.loads(pout)
        rows.append({"tool": "polars", "run": run + 1, **p})

cache = path + ".mkcache"
if os.access(os.path.dirname(os.path.abspath(path)), os.W_OK):
    for label in ("mk cache=true (write)", "mk cache=true (hit)"):
        try:
            out, peak = mk_run([f'time r = load "{path}"{opts} cache=true', "r.count"])
        except SystemExit:  # an mk from before cache=
            break
        rows.append({"tool": label, "run": 1, "wall": seconds(out.splitlines()[0]), "peak_kb": peak, "base_kb": base_kb,
                     "rows": int(re.findall(r"\d+", out.splitlines()[-1])[0])})
    cache_mb = os.path.getsize(cache) / 1e6 if os.path.exists(cache) else 0
    if os.path.exists(cache): os.unlink(cache)
else:
    cache_mb = 0

n = rows[0]["rows"]
arrays_mb = n * 16 / 1e6  # user, item, value, time: 4 bytes each
print(f"file: {path} ({os.path.getsize(path)/1e6:.0f} MB), {n} ratings, arrays {arrays_mb:.0f} MB "
      f"(user, item, value, time), {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
print(f"{'tool':<24}{'run':>4}{'wall s':>9}{'peak MB':>9}{'base MB':>9}{'(peak-base)/arrays':>20}")
for r in rows:
    peak = (r["peak_kb"] or 0) / 1024 * 1.048576
    base = r["base_kb"] / 1024 * 1.048576
    ratio = (peak - base) / arrays_mb if r["peak_kb"] else float("nan")
    print(f"{r['tool']:<24}{r['run']:>4}{r['wall']:>9.2f}{peak:>9.0f}{base:>9.0f}{ratio:>20.2f}")
mk_best = min(r["wall"] for r in rows if r["tool"] == "mk")
pl = [r["wall"] for r in rows if r["tool"] == "polars"]
if pl:
    print(f"best of {runs}: mk {mk_best:.2f} s, polars {min(pl):.2f} s -> mk is {min(pl)/mk_best:.2f}x polars' speed")
if cache_mb:
    print(f"cache file: {cache_mb:.0f} MB (removed)")
