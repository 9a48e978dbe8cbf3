"""The peers of bench/kt.sh: scikit-learn's liblinear logistic regression on the IRT, PFA and
iswf designs (as ktm's lr.py), and myFM's Gibbs classifier on iswf (KTM, as ktm's fm.py), on
ASSISTments 2009 (problem ids, 4-line sequence files: index,user / problems / skills / answers).

The encodings are built here from the files, independently of mk: per student, in file
order, the wins and fails on the attempt's skill counted over that student's earlier
attempts only. Users, items and skills are indexed over train and test together (a test
student's user column is never seen in training and so carries no weight). Prints one JSON
line per fit: the design, the test AUC and the fit time in seconds (the fit alone).
Usage: python kt_peers.py TRAIN TEST [--fm-iters 100] [--fm-kept 90] [--rank 20] [--seed 1]
"""
import argparse
import json
import time

import numpy as np
import scipy.sparse as sps
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score


def read_blocks(path, tag):
    """Attempts (user, problem, skill, correct) of a 4-line sequence file, in file order."""
    with open(path) as f:
        lines = [line.strip() for line in f if line.strip()]
    out = []
    for b in range(0, len(lines) - 3, 4):
        head = lines[b].split(",")
        user = head[1] if len(head) > 1 else f"{tag}#{b // 4 + 1}"
        problems, skills, answers = (lines[b + j].split(",") for j in (1, 2, 3))
        for p, s, a in zip(problems, skills, answers):
            out.append((user, p, s, int(a)))
    return out


def counts(attempts):
    """Wins and fails of each attempt's user on its skill, strictly before it."""
    wins, fails, seen = [], [], {}
    for u, _, s, c in attempts:
        w, n = seen.get((u, s), (0, 0))
        wins.append(w)
        fails.append(n - w)
        seen[(u, s)] = (w + c, n + 1)
    return np.array(wins, dtype=np.float64), np.array(fails, dtype=np.float64)


def design(attempts, index, scheme):
    n = len(attempts)
    users = np.array([index["user"][a[0]] for a in attempts])
    items = np.array([index["item"][a[1]] for a in attempts])
    skills = np.array([index["skill"][a[2]] for a in attempts])
    wins, fails = counts(attempts)
    nu, ni, ns = (len(index[k]) for k in ("user", "item", "skill"))
    rows = np.arange(n)
    blocks, shapes = [], []

    def onehot(cols, width, values=None):
        v = np.ones(n) if values is None else values
        keep = v != 0
        return sps.csr_matrix((v[keep], (rows[keep], cols[keep])), shape=(n, width))

    if scheme == "irt":
        blocks = [onehot(users, nu), onehot(items, ni)]
        shapes = [nu, ni]
    elif scheme == "pfa":
        blocks = [onehot(skills, ns), onehot(skills, ns, wins), onehot(skills, ns, fails)]
        shapes = [ns, ns, ns]
    elif scheme == "iswf":
        blocks = [onehot(items, ni), onehot(skills, ns), onehot(skills, ns, wins), onehot(skills, ns, fails)]
        shapes = [ni, ns, ns, ns]
    return sps.hstack(blocks, format="csr"), shapes


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("train")
    ap.add_argument("test")
    ap.add_argument("--fm-iters", type=int, default=100)
    ap.add_argument("--fm-kept", type=int, default=90)
    ap.add_argument("--rank", type=int, default=20)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip-fm", action="store_true")
    a = ap.parse_args()

    train, test = read_blocks(a.train, "train"), read_blocks(a.test, "test")
    index = {}
    for key, j in (("user", 0), ("item", 1), ("skill", 2)):
        names = sorted({t[j] for t in train + test})
        index[key] = {name: k for k, name in enumerate(names)}
    ytr = np.array([t[3] for t in train], dtype=np.float64)
    yte = np.array([t[3] for t in test], dtype=np.float64)

    for scheme in ("irt", "pfa", "iswf"):
        xtr, _ = design(train, index, scheme)
        xte, _ = design(test, index, scheme)
        lr = LogisticRegression(solver="liblinear", C=1.0, max_iter=1000)
        start = time.perf_counter()
        lr.fit(xtr, ytr)
        seconds = time.perf_counter() - start
        auc = roc_auc_score(yte, lr.predict_proba(xte)[:, 1])
        print(json.dumps({"tool": "sklearn-liblinear", "model": f"lr {scheme}", "auc": round(auc, 4),
                          "fit_seconds": round(seconds, 3), "train": len(train), "test": len(test)}), flush=True)

    if not a.skip_fm:
        import myfm
        xtr, shapes = design(train, index, "iswf")
        xte, _ = design(test, index, "iswf")
        fm = myfm.MyFMGibbsClassifier(rank=a.rank, random_seed=a.seed)
        start = time.perf_counter()
        fm.fit(xtr, ytr, n_iter=a.fm_iters, n_kept_samples=a.fm_kept, group_shapes=shapes)
        seconds = time.perf_counter() - start
        auc = roc_auc_score(yte, fm.predict_proba(xte))
        print(json.dumps({"tool": "myFM", "model": f"bayesfm iswf d={a.rank}", "auc": round(auc, 4),
                          "fit_seconds": round(seconds, 3), "train": len(train), "test": len(test)}), flush=True)


if __name__ == "__main__":
    main()
