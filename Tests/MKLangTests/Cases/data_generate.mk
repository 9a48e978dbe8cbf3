d = generate users=40 items=25 ratings=400 rank=3 tags=5 seed=9
print d.count
print d.users
print d.items.count
print d.items.tags.count
b = generate users=20 items=10 ratings=100 binary=true seed=1
print b.binary
print b.min
print b.max
# The same seed gives the same data.
d2 = generate users=40 items=25 ratings=400 rank=3 tags=5 seed=9
assert d.mean == d2.mean
# Output:
# expect: 400
# expect: 40
# expect: 25
# expect: 5
# expect: true
# expect: 0
# expect: 1
