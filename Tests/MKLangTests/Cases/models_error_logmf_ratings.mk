# logmf is a model of 0/1 outcomes: on ratings it refuses rather than thresholding them.
d = generate users=10 items=10 ratings=50 seed=1
m = fit logmf d rank=2
# error: 3:5: logmf models 0/1 outcomes, and 'generated' holds ratings, not 0/1 outcomes
