d = generate users=10 items=10 ratings=50
m = fit sgd d iters=2.5
# error: 2:21: iters must be a whole number, got 2.5
