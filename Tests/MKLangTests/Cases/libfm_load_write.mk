# A libFM design: rows `target col:value`, groups from the .meta file beside it.
d = load "Tests/MKLangTests/Cases/data/small.libfm" format=libfm
d
# expect: design small.libfm: 6 rows; a libFM design: 7 columns in 3 groups of small.libfm.meta
# expect: mean 3.1667, range 1…5
head d n=2
# expect: first 2 of 6 rows of small.libfm
# expect: target  g0   g1   g2
# expect: ------  ---  ---  --------
# expect:      5  0:1  3:1  6:0.5000
# expect:      3  1:1  4:1
m = fit bayesfm d rank=2 iters=20 seed=1
rmse m d
# expect: 0.3897
# Written back and read again: the same design, the same model.
write d "$TMP/back.libfm"
# expect: wrote 6 rows × 7 columns to $TMP/back.libfm, groups in $TMP/back.libfm.meta: 0 g0 (3), 1 g1 (3), 2 g2 (1)
b = load "$TMP/back.libfm" format=libfm
m2 = fit bayesfm b rank=2 iters=20 seed=1
assert (rmse m2 b) == (rmse m d)
# Ratings as mk's FMs see them, and as rows with raw ids (Mangaki's words as words).
r = load "Tests/MKLangTests/Cases/data/watchlist_short.csv"
write r "$TMP/r.libfm" format=libfm
# expect: wrote 4 rows × 4 columns to $TMP/r.libfm, groups in $TMP/r.libfm.meta: 0 user (2), 1 item (2)
write r "$TMP/r.tsv"
# expect: wrote 4 ratings to $TMP/r.tsv (tsv: user,item,rating)
again = load "$TMP/r.tsv"
describe again
# expect: r.tsv: 4 ratings, 2 users, 2 items (density 100.00%)
# expect: values: Mangaki words
# expect:   favorite  ############### 1
# expect:       like  ############################## 2
# expect:    neutral   0
# expect:    dislike   0
# expect:    willsee  ############### 1
# expect:    wontsee   0
# expect: ratings per user: min 2, median 2, mean 2.0, max 2
# expect: ratings per item: min 2, median 2, mean 2.0, max 2
assert (predict (fit baseline again) "ann" "lain") == (predict (fit baseline r) "ann" "lain")
