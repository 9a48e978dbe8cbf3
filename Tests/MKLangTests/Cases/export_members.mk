# A table's columns are members (headers as words), each a list keyed by the row labels.
d = generate users=30 items=20 ratings=300 seed=1
train, test = split d 0.8 seed=2
mean = fit mean train
als = fit als train rank=3 iters=3 seed=1
t = compare [mean, als] test subsets=[all, least=20]
print t.all
print t.least_20.als
assert t.all.als < t.all.mean
assert t.all.als == (rmse als test)
print t.model
print t.rows
c = cv als train folds=2 iters=2
assert c.rmse_ci.first > 0
print c.fit_s.count
h = als.history
print h.train_rmse.count
assert h.train_rmse.last < h.train_rmse.first
print als.hyperparameters.value.rank
print [a=1, b=2].b
e = als.items
print e.columns
print e.rows
print (describe d).value.ratings
# Output:
# expect: [mean=1.3122, als=1.0051]
# expect: 1.0171
# expect: ["mean", "als"]
# expect: 2
# expect: 1
# expect: 3
# expect: 3
# expect: 2
# expect: ["item", "dim1", "dim2", "dim3"]
# expect: 20
# expect: 300
