m = fit als "ratings.csv" rank=3
# error: 1:13: fit als reads a path only with engine=spark (Spark reads it, mk does not)
