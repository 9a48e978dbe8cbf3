d = generate users=10 items=10 ratings=50 seed=1
m = fit mean d
compare [m] d metric=nll
# error: 3:15: nll needs 0/1 outcomes; 'generated' has ratings 0.240758...4.72259
