d = generate users=10 items=10 ratings=50 seed=1
m = fit irt d
# error: 2:5: irt models 0/1 outcomes, and 'generated' holds ratings, not 0/1 outcomes
