"""A plain numpy ALS, the measuring stick for mk's: weighted-lambda ALS (Zhou et al. 2008)
without biases, one np.linalg.solve per user and per item per sweep, as a researcher would
write it in a notebook. Prints one JSON line: RMSE on the test file and seconds per sweep."""
import json
import sys
import time

import numpy as np


def load(path):
    a = np.loadtxt(path, dtype=np.int64, usecols=(0, 1, 2))
    return a[:, 0], a[:, 1], a[:, 2].astype(np.float64)


def main(train_path, test_path, rank=20, lam=0.1, sweeps=15, seed=0):
    u, i, r = load(train_path)
    tu, ti, tr = load(test_path)
    n_users = int(max(u.max(), tu.max())) + 1
    n_items = int(max(i.max(), ti.max())) + 1
    mu = r.mean()
    by_user = [[] for _ in range(n_users)]
    by_item = [[] for _ in range(n_items)]
    for k in range(len(r)):
        by_user[u[k]].append(k)
        by_item[i[k]].append(k)
    by_user = [np.array(x, dtype=np.int64) for x in by_user]
    by_item = [np.array(x, dtype=np.int64) for x in by_item]
    rng = np.random.default_rng(seed)
    P = np.zeros((n_users, rank))
    Q = 0.1 * rng.standard_normal((n_items, rank))
    eye = np.eye(rank)

    def half(X, Y, rows, other):
        for a, ks in enumerate(rows):
            if len(ks) == 0:
                continue
            Yk = Y[other[ks]]
            A = Yk.T @ Yk + lam * len(ks) * eye
            X[a] = np.linalg.solve(A, Yk.T @ (r[ks] - mu))

    start = time.perf_counter()
    for _ in range(sweeps):
        half(P, Q, by_user, i)
        half(Q, P, by_item, u)
    seconds = time.perf_counter() - start
    pred = np.clip(mu + np.sum(P[tu] * Q[ti], axis=1), 1, 5)
    rmse = float(np.sqrt(np.mean((pred - tr) ** 2)))
    print(json.dumps({"tool": "numpy-als", "rank": rank, "lambda": lam, "sweeps": sweeps, "rmse": rmse,
                      "seconds_per_sweep": seconds / sweeps, "numpy": np.__version__}))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
