# fit mean, baseline, als and sgd on small planted data; few iterations.
d = generate users=60 items=40 ratings=1200 rank=3 seed=7
train, test = split d 0.8 seed=1
m0 = fit mean train
b = fit baseline train lambda=3
als = fit als train rank=3 lambda=0.1 iters=4 seed=1
sgd = fit sgd train rank=3 lr=0.01 iters=4 seed=1
print als.kind
print als.rank
print sgd.iters
print (als.history).rows
# Every model beats nothing; the factor models and the baseline beat the mean.
assert (rmse b test) < (rmse m0 test)
assert (rmse als test) < (rmse m0 test)
assert (rmse sgd test) < 2
# The same seed gives the same model.
als2 = fit als train rank=3 lambda=0.1 iters=4 seed=1
assert (rmse als test) == (rmse als2 test)
# Output:
# expect: als
# expect: 3
# expect: 4
# expect: 4
