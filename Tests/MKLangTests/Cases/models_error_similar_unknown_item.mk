d = generate users=10 items=10 ratings=50
m = fit als d rank=2 iters=1
similar m "i999"
# error: 3:11: unknown item 'i999': the model has no ratings of it
