d = generate users=10 items=10 ratings=50
m = fit als d rank=2 iters=1
me = profile ["i1"=1e40]
recommend m me
# error: 4:13: the profile rates 'i1' inf, far outside the model's ratings 1.0794...5.7276
