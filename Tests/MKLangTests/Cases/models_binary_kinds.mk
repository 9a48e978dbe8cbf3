# The binary-outcome kinds on generated 0/1 outcomes: each ranks held-out outcomes better
# than a coin; logistic MF (users' and items' factors) beats the 1PL (biases alone) on data
# planted with factors; options and ratings read back as members.
b = generate users=200 items=50 ratings=6000 binary=true seed=3
train, test = split b 0.8 seed=3
l = fit lr train lambda=2
i1 = fit irt train
i2 = fit irt train params=2 iters=30
e = fit elo train k=0.2
c = fit elo train scale=chess
g = fit logmf train rank=4 iters=15
d = fit deep train rank=4 iters=10 layers=[16]
print (auc l test) > 0.58
print (auc i1 test) > 0.58
print (auc i2 test) > 0.58
print (auc e test) > 0.55
print (auc c test) > 0.55
print (auc g test) > (auc i1 test)
print (auc d test) > 0.55
print l.lambda
print i2.params
print c.scale
print e.history.columns
print i1.users.rows
print i2.items.columns
save i2 "$TMP/irt2.mkm"
j = open "$TMP/irt2.mkm"
print (auc j test) == (auc i2 test)
# Output:
# expect: true
# expect: true
# expect: true
# expect: true
# expect: true
# expect: true
# expect: true
# expect: 2
# expect: 2
# expect: chess
# expect: ["iter", "online_nll", "online_auc"]
# expect: 200
# expect: ["item", "dim1", "dim2"]
# expect: saved irt model to $TMP/irt2.mkm
# expect: true
