d = generate users=10 items=10 ratings=50
m = fit als d rank=2 iters=1
print m.rnak
# error: 3:9: model has no member 'rnak' (did you mean 'rank'?)
