# rmse, mae, ndcg and eval on a mean model (its numbers follow from the data alone).
d = generate users=30 items=20 ratings=300 seed=8
train, test = split d 0.8 seed=1
m = fit mean train
r = rmse m test
print r < 1.3   # about the spread of the ratings; a model off the scale is far above
print (mae m test) <= r
# A constant model's NDCG is that of a random order (ties count their expected DCG):
# the baseline ranks better.
bl = fit baseline train
print (ndcg m test k=5) < (ndcg bl test k=5)
eval m test
# Output:
# expect: true
# expect: true
# expect: true
# expect: mean on test of generated (60 ratings)
# expect: metric    value
# expect: -------  ------
# expect: rmse     1.2576
# expect: mae      0.9757
# expect: ndcg@10  0.9129
