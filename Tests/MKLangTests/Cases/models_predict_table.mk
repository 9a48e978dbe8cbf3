# predict M TEST: a table user, item, actual, predicted in TEST's order, each row what
# predict M USER ITEM gives.
d = generate users=30 items=20 ratings=300 seed=1
train, test = split d 0.8 seed=2
als = fit als train rank=3 iters=3 seed=1
p = predict als test
print p.rows
print p.columns
assert p.predicted.first == (predict als "u1" "i15")
assert p.actual.first == 1.4566466
print p.user.first
print p.item.first
# Items held out whole are unknown to a model fitted without them: said once, in a note.
warm, cold = split d 0.8 by=item seed=3
w = fit als warm rank=2 iters=1
q = predict w cold
assert q.rows == cold.count
# Output:
# expect: 60
# expect: ["user", "item", "actual", "predicted"]
# expect: u1
# expect: i15
# expect: note: 78 of 78 ratings have a user or item the model did not learn: predicted from means, as predict M USER ITEM explains
