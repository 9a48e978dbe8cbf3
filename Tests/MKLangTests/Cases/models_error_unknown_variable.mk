data = generate users=10 items=10 ratings=50
m = fit als date
# error: 2:13: unknown variable 'date' (did you mean 'data'?)
