m = fit sgd "ratings.csv"
# error: 1:13: fit sgd needs ratings, not a path: only als engine=spark reads a path (in Spark)
