# A 0/1 metric on ratings says what the data holds, pointing at the data.
d = generate users=10 items=10 ratings=50 seed=1
m = fit mean d
auc m d
# error: 4:7: auc needs 0/1 outcomes; 'generated' has ratings 0.240758...4.72259
