# # How fm's and deepfm's default options were chosen
#
# On MovieLens 100k `u1.base` alone: 10% held out, each candidate fitted on the rest with the
# holdout as `valid=` (the history shows the best epoch). `u1.test` is never looked at here.
# Run with `mk run bench/tune-fm.mk` from anywhere (needs ../shared/data beside the project).

base = load "../../shared/data/ml-100k/u1.base"
fit_part, holdout = split base 0.9 seed=1

# ## fm: λ (per active feature and rating), Adam lr 0.005, batch 256, rank 10

f1 = fit fm fit_part valid=holdout iters=80 patience=4 lambda=0.02
f2 = fit fm fit_part valid=holdout iters=80 patience=4 lambda=0.05
f3 = fit fm fit_part valid=holdout iters=80 patience=4 lambda=0.1
f4 = fit fm fit_part valid=holdout iters=80 patience=4 lambda=0.14
f5 = fit fm fit_part valid=holdout iters=80 patience=4 lambda=0.2
compare [f1, f2, f3, f4, f5] holdout

# Measured (best epoch): λ 0.02 0.9250 (3), 0.05 0.9177 (4), 0.1 0.9126 (6), 0.14 0.9145 (16),
# 0.2 0.9283 (36); per-group λ (user 0.05 or item 0.05), batch 1024 with lr 0.01, init 0.1
# did no better (0.9143–0.9170). Defaults: lambda=0.1 iters=6.

# ## deepfm: dropout and the MLP's penalty (layers [64,32])

d1 = fit deepfm fit_part valid=holdout iters=40 patience=3 lambda=0.1 lambda_mlp=0.0001
d2 = fit deepfm fit_part valid=holdout iters=40 patience=3 lambda=0.1 lambda_mlp=0.0001 dropout=0.3
d3 = fit deepfm fit_part valid=holdout iters=40 patience=3 lambda=0.1 lambda_mlp=0.01
compare [d1, d2, d3] holdout

# Measured (best epoch): d1 0.9230 (5), d2 0.9194 (9), d3 0.9126 (14).
# Defaults: lambda=0.1 lambda_mlp=0.01 dropout=0.1 iters=14.
