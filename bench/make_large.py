"""Generates the large rating files the scale benchmarks read (issue "Scale up and out").

    bench/.venv/bin/python bench/make_large.py [OUT_DIR]      # default /tmp/mk-large

Writes, with planted low-rank structure so accuracy means something:
  large.csv        9.5M ratings, 100k users, 20k items, string ids, header user,item,rating,time
  large-train.csv  the first 90% of a seeded shuffle of large.csv (~8.6M ratings)
  large-test.csv   the other 10%
  mid-train.csv / mid-test.csv   3M ratings, 60k users, 12k items, split 90/10 the same way
  large.dat        large.csv in MovieLens 1M/10M form (user::item::rating::time, no header)
  large.csv.gz     large.csv compressed with gzip
Nothing here is committed: the files are regenerated (seed 7) in about a minute.
"""
import gzip
import os
import sys

import numpy as np


def ratings(n_users, n_items, n_ratings, rank, rng):
    # Skewed (log-normal) activity and popularity: some users and items have thousands of
    # ratings, most have few, as in MovieLens.
    user_weight = rng.lognormal(0.0, 1.0, n_users)
    item_weight = rng.lognormal(0.0, 1.2, n_items)
    users = rng.choice(n_users, n_ratings, p=user_weight / user_weight.sum())
    items = rng.choice(n_items, n_ratings, p=item_weight / item_weight.sum())
    # Drop repeated (user, item) pairs so every line is one rating.
    key = users.astype(np.int64) * n_items + items
    _, first = np.unique(key, return_index=True)
    first.sort()
    users, items = users[first], items[first]
    u = rng.normal(0, 0.5, (n_users, rank)).astype(np.float32)
    v = rng.normal(0, 0.5, (n_items, rank)).astype(np.float32)
    bu = rng.normal(0, 0.3, n_users).astype(np.float32)
    bi = rng.normal(0, 0.4, n_items).astype(np.float32)
    score = 3.6 + bu[users] + bi[items] + np.einsum("ij,ij->i", u[users], v[items])
    score += rng.normal(0, 0.7, len(users))
    stars = np.clip(np.rint(score), 1, 5).astype(np.int64)
    times = 880000000 + rng.integers(0, 200000000, len(users))
    return users, items, stars, times


def write_csv(path, users, items, stars, times, sep=",", header=True):
    tmp = path + ".tmp"
    with open(tmp, "w") as out:
        if header:
            out.write(sep.join(["user", "item", "rating", "time"]) + "\n")
        chunk = 500_000
        for start in range(0, len(users), chunk):
            end = start + chunk
            lines = [f"u{a}{sep}i{b}{sep}{c}{sep}{d}" for a, b, c, d in zip(
                users[start:end].tolist(), items[start:end].tolist(),
                stars[start:end].tolist(), times[start:end].tolist())]
            out.write("\n".join(lines) + "\n")
    os.replace(tmp, path)


def split(rng, n):
    order = rng.permutation(n)
    cut = int(n * 0.9)
    return np.sort(order[:cut]), np.sort(order[cut:])


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/mk-large"
    os.makedirs(out, exist_ok=True)
    rng = np.random.default_rng(7)
    users, items, stars, times = ratings(100_000, 20_000, 9_800_000, 8, rng)
    print(f"large: {len(users)} ratings")
    write_csv(f"{out}/large.csv", users, items, stars, times)
    write_csv(f"{out}/large.dat", users, items, stars, times, sep="::", header=False)
    with open(f"{out}/large.csv", "rb") as src, gzip.open(f"{out}/large.csv.gz.tmp", "wb", 6) as dst:
        while block := src.read(1 << 24):
            dst.write(block)
    os.replace(f"{out}/large.csv.gz.tmp", f"{out}/large.csv.gz")
    train, test = split(rng, len(users))
    write_csv(f"{out}/large-train.csv", users[train], items[train], stars[train], times[train])
    write_csv(f"{out}/large-test.csv", users[test], items[test], stars[test], times[test])
    users, items, stars, times = ratings(60_000, 12_000, 3_100_000, 8, rng)
    print(f"mid: {len(users)} ratings")
    train, test = split(rng, len(users))
    write_csv(f"{out}/mid-train.csv", users[train], items[train], stars[train], times[train])
    write_csv(f"{out}/mid-test.csv", users[test], items[test], stars[test], times[test])


if __name__ == "__main__":
    main()
