# save and open round trip: the opened model predicts the same, in the same session.
d = generate users=30 items=20 ratings=300 seed=6
train, test = split d 0.8 seed=1
m = fit als train rank=2 iters=3
save m "$TMP/m.mkm"
m2 = open "$TMP/m.mkm"
print m2.kind
assert (rmse m2 test) == (rmse m test)
assert (predict m2 "u3" "i4") == (predict m "u3" "i4")
b = fit baseline train
save b "$TMP/b.mkm"
assert (mae (open "$TMP/b.mkm") test) == (mae b test)
# Output:
# expect: saved als model to $TMP/m.mkm
# expect: als
# expect: saved baseline model to $TMP/b.mkm
