# export writes a table in the format its extension names; load reads an exported data set back.
d = generate users=30 items=20 ratings=300 seed=1
train, test = split d 0.8 seed=2
mean = fit mean train
als = fit als train rank=3 iters=3 seed=1
t = compare [mean, als] test subsets=[all, least=20]
export t "$TMP/compare.csv"
export t "$TMP/compare.json"
export t "$TMP/compare.md" digits=2
export (predict als test) "$TMP/p.tsv"
export als.items "$TMP/items.csv"
export test "$TMP/test.csv"
again = load "$TMP/test.csv"
assert again.count == test.count
assert (rmse als again) == (rmse als test)
# Output:
# expect: exported 2 rows × 3 columns to $TMP/compare.csv
# expect: exported 2 rows × 3 columns to $TMP/compare.json
# expect: exported 2 rows × 3 columns to $TMP/compare.md
# expect: exported 60 rows × 4 columns to $TMP/p.tsv
# expect: exported 20 rows × 4 columns to $TMP/items.csv
# expect: exported 60 rows × 3 columns to $TMP/test.csv
