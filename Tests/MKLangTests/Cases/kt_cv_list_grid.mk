# A list-typed option takes a list of lists to make a grid (one row per list); one list is
# a single value.
g = generate users=30 items=10 ratings=300 binary=true seed=1
grid = cv deepfm g folds=2 layers=[[8], [4, 4]] iters=1 rank=2
print grid.rows
one = cv deepfm g folds=2 layers=[8, 4] iters=1 rank=2
print one.rows
print one.columns.first
# Output:
# expect: 2
# expect: 1
# expect: auc
