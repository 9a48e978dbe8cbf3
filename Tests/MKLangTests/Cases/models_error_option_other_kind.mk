d = generate users=10 items=10 ratings=50
m = fit mean d rank=3
# error: 2:16: unknown option 'rank' for fit mean
