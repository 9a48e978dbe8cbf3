"""myFM's Bayesian FM fitted on libFM files that mk wrote (`write ... format=libfm`), for
bench/libfm_interop.sh: the design is read with scikit-learn's load_svmlight_file (0-based
columns, as libFM numbers them), the hyperprior groups (myFM's group_shapes) from the .meta file
beside each file (libFM's -meta format: line i holds column i's group id), and nothing else, so
myFM sees exactly the problem mk fits. Prints one JSON line.
Usage: python myfm_libfm.py TRAIN.libfm TEST.libfm [--rank 10] [--iters 200] [--seed 0]
"""
import argparse
import json
import time

import numpy as np
import myfm
from sklearn.datasets import load_svmlight_file


def group_shapes(meta_path):
    ids = [int(line) for line in open(meta_path) if line.strip()]
    # mk writes each group as a contiguous block, ids in ascending order: the shapes are the runs.
    assert ids == sorted(ids), "groups are not contiguous blocks in id order"
    return [ids.count(g) for g in sorted(set(ids))], len(ids)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("train")
    ap.add_argument("test")
    ap.add_argument("--rank", type=int, default=10)
    ap.add_argument("--iters", type=int, default=200)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    shapes, columns = group_shapes(a.train + ".meta")
    assert group_shapes(a.test + ".meta") == (shapes, columns), "train and test designs differ"
    xtrain, ytrain = load_svmlight_file(a.train, n_features=columns, zero_based=True)
    xtest, ytest = load_svmlight_file(a.test, n_features=columns, zero_based=True)
    fm = myfm.MyFMRegressor(rank=a.rank, random_seed=a.seed)
    t0 = time.perf_counter()
    fm.fit(xtrain, ytrain, n_iter=a.iters, n_kept_samples=a.iters, group_shapes=shapes)
    fit = time.perf_counter() - t0
    lo, hi = ytrain.min(), ytrain.max()
    pred = np.clip(fm.predict(xtest), lo, hi)
    rmse = float(np.sqrt(np.mean((pred - ytest) ** 2)))
    print(json.dumps({"tool": "myfm", "rows": xtrain.shape[0], "columns": columns, "groups": shapes,
                      "rank": a.rank, "iters": a.iters, "seed": a.seed, "fit_seconds": fit, "rmse": rmse}))


if __name__ == "__main__":
    main()
