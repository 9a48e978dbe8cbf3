"""myFM's Gibbs regressor on a generated rating file (bench/make_large.py), for
bench/bayesfm-large.sh: one-hot user and item columns, one hyperprior group each (group_shapes),
the same model as mk's `fit bayesfm` without side data. Prints one JSON line: test RMSE after
the sweeps, fit seconds (the fit alone), seconds a sweep and peak memory.
Usage: python myfm_large.py TRAIN TEST [--rank 10] [--iters 30] [--burnin 5] [--seed 1]
"""
import argparse
import csv
import json
import resource
import time

import numpy as np
import scipy.sparse as sps
import myfm


def read(path):
    with open(path, newline="") as f:
        rows = csv.reader(f)
        next(rows)
        users, items, ratings = [], [], []
        for u, i, r, _ in rows:
            users.append(u)
            items.append(i)
            ratings.append(float(r))
    return users, items, np.array(ratings)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("train")
    ap.add_argument("test")
    ap.add_argument("--rank", type=int, default=10)
    ap.add_argument("--iters", type=int, default=30)
    ap.add_argument("--burnin", type=int, default=5)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    tu, ti, ty = read(a.train)
    su, si, sy = read(a.test)
    users = {u: k for k, u in enumerate(sorted(set(tu) | set(su)))}
    items = {i: k for k, i in enumerate(sorted(set(ti) | set(si)))}

    def design(u, i):
        n = len(u)
        rows = np.repeat(np.arange(n), 2)
        cols = np.empty(2 * n, dtype=np.int64)
        cols[0::2] = [users[x] for x in u]
        cols[1::2] = [len(users) + items[x] for x in i]
        return sps.csr_matrix((np.ones(2 * n), (rows, cols)), shape=(n, len(users) + len(items)))

    xtr, xte = design(tu, ti), design(su, si)
    fm = myfm.MyFMRegressor(rank=a.rank, random_seed=a.seed)
    start = time.perf_counter()
    fm.fit(xtr, ty, n_iter=a.iters, n_kept_samples=a.iters - a.burnin, group_shapes=[len(users), len(items)])
    seconds = time.perf_counter() - start
    pred = np.clip(fm.predict(xte), ty.min(), ty.max())
    rmse = float(np.sqrt(np.mean((pred - sy) ** 2)))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"tool": "myFM", "ratings": len(ty), "rmse": round(rmse, 4), "fit_seconds": round(seconds, 2),
                      "seconds_per_sweep": round(seconds / a.iters, 3), "peak_mb": round(peak)}), flush=True)


if __name__ == "__main__":
    main()
