d = generate users=10 items=10 ratings=50
m = fit als d engine=spark prior=30 master="local[2]"
# error: 2:5: engine=spark needs prior=0: Spark's ALS scales λ by each user's and item's rating count alone (regParam·n), with no pseudo-count (prior=30)
