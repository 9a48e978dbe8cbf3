b = generate users=10 items=10 ratings=50 binary=true seed=1
m = fit elo b scale=fide
# error: 2:21: scale=fide is not one of logistic, chess
