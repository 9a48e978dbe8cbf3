d = generate users=10 items=10 ratings=50
m = fit als d rnak=3
# error: 2:15: unknown option 'rnak' for fit als (did you mean 'rank'?)
