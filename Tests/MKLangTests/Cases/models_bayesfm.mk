# fit bayesfm with and without side features, on numeric and binary data; save and open.
d = generate users=60 items=40 ratings=1200 rank=3 tags=6 seed=7
train, test = split d 0.8 seed=1
m0 = fit mean train
bfm = fit bayesfm train rank=3 iters=30 seed=1
bside = fit bayesfm train rank=3 iters=30 side=d.items valid=test
print bfm.kind
print (bside.history).rows
assert (rmse bfm test) < (rmse m0 test)
assert (rmse bside test) < (rmse m0 test)
b = generate users=30 items=20 ratings=300 binary=true seed=1
btrain, btest = split b 0.8 seed=1
p = fit bayesfm btrain rank=2 iters=20
assert (auc p btest) > 0.5
# Output:
# expect: bayesfm
# expect: 30
