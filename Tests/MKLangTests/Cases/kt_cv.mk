# cv: a grid over rank, one row per value; each metric with its 95% interval, and the fit
# time; group=user keeps each user's attempts in one fold.
g = generate users=60 items=20 ratings=900 binary=true seed=3
t = cv fm g folds=3 group=user seed=2 rank=[1, 2] iters=5
print t.rows
print t.columns
# Output:
# expect: 2
# expect: ["rank", "auc", "± auc", "acc", "± acc", "nll", "± nll", "rmse", "± rmse", "ndcg", "± ndcg", "fit s", "± fit s"]
