b = generate users=10 items=10 ratings=50 binary=true seed=1
m = fit irt b params=3
# error: 2:22: params=3 is out of range 1...2
