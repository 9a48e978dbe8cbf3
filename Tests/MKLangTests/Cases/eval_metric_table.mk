# Each metric verb gives the number eval shows for it; compare takes every metric of the table.
b = generate users=30 items=20 ratings=300 binary=true seed=1
train, test = split b 0.8 seed=1
m = fit baseline train
eval m test
auc m test
acc m test
nll m test
rmse m test
ndcg m test
compare [m] test
compare [m] test metric=ndcg
# Tie-aware NDCG: the baseline ranks better than the constant mean model.
c = fit mean train
print (ndcg m test k=1) > (ndcg c test k=1)
# Output:
# expect: baseline on test of generated (60 ratings)
# expect: metric    value
# expect: -------  ------
# expect: auc      0.6483
# expect: acc      0.6833
# expect: nll      0.6312
# expect: rmse     0.4727
# expect: ndcg@10  0.8643
# expect: 0.6483
# expect: 0.6833
# expect: 0.6312
# expect: 0.4727
# expect: 0.8643
# expect: auc on test of generated
# expect: model  all (60)
# expect: -----  ---------
# expect: m        0.6483*
# expect: ndcg on test of generated
# expect: model  all (60)
# expect: -----  ---------
# expect: m        0.8643*
# expect: true
