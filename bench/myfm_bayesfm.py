"""myFM's Bayesian FM (Gibbs sampling) on a MovieLens 100k split, for bench/bayesfm.sh.

Same model as mk's bayesfm: one-hot user and item columns, optionally the item's genres from
u.item normalized to sum 1, one hyperprior group per block (myFM's group_shapes, libFM's -meta),
rank 10, 200 sweeps, every sample kept for the average. Prints one JSON line.
Usage: python myfm_bayesfm.py TRAIN TEST [--side U_ITEM] [--rank 10] [--iters 200] [--seed 0]
"""
import argparse
import json
import resource
import time

import numpy as np
import scipy.sparse as sps
import myfm


def load(path):
    a = np.loadtxt(path, dtype=np.int64, usecols=(0, 1, 2))
    return a[:, 0], a[:, 1], a[:, 2].astype(np.float64)


def genres(path):
    out = {}
    with open(path, encoding="latin-1") as f:
        for line in f:
            parts = line.rstrip("\n").split("|")
            if len(parts) < 6:
                continue
            out[int(parts[0])] = np.array([int(x) for x in parts[-19:]], dtype=np.float64)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("train")
    ap.add_argument("test")
    ap.add_argument("--side")
    ap.add_argument("--rank", type=int, default=10)
    ap.add_argument("--iters", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()

    tu, ti, ty = load(a.train)
    su, si, sy = load(a.test)
    users = {u: k for k, u in enumerate(np.unique(np.concatenate([tu, su])))}
    items = {i: k for k, i in enumerate(np.unique(np.concatenate([ti, si])))}
    g = genres(a.side) if a.side else None

    def design(u, i):
        n = len(u)
        rows = [np.arange(n), np.arange(n)]
        cols = [np.array([users[x] for x in u]), len(users) + np.array([items[x] for x in i])]
        vals = [np.ones(n), np.ones(n)]
        width = len(users) + len(items)
        if g is not None:
            for r, x in enumerate(i):
                flags = g.get(int(x))
                if flags is None or flags.sum() == 0:
                    continue
                nz = np.nonzero(flags)[0]
                rows.append(np.full(len(nz), r))
                cols.append(width + nz)
                vals.append(np.full(len(nz), 1.0 / len(nz)))
            width += 19
        return sps.csr_matrix((np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=(n, width))

    xtrain, xtest = design(tu, ti), design(su, si)
    shapes = [len(users), len(items)] + ([19] if g is not None else [])
    fm = myfm.MyFMRegressor(rank=a.rank, random_seed=a.seed)
    t0 = time.perf_counter()
    fm.fit(xtrain, ty, n_iter=a.iters, n_kept_samples=a.iters, group_shapes=shapes)
    fit = time.perf_counter() - t0
    t1 = time.perf_counter()
    pred = np.clip(fm.predict(xtest), 1, 5)
    predict = time.perf_counter() - t1
    rmse = float(np.sqrt(np.mean((pred - sy) ** 2)))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"tool": "myfm", "side": g is not None, "rank": a.rank, "iters": a.iters,
                      "fit_seconds": fit, "predict_seconds": predict, "ms_per_iter": fit / a.iters * 1000,
                      "peak_mb": peak, "rmse": rmse, "train": len(ty), "test": len(sy)}))


if __name__ == "__main__":
    main()
