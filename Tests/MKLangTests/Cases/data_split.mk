d = generate users=40 items=30 ratings=600 seed=2
train, test = split d 0.8 seed=42
print train.count
print test.count
# by=user: each user keeps ratings in train.
tu, su = split d 0.75 by=user seed=1
assert tu.users == d.users
assert (tu.count + su.count) == d.count
# by=item: whole items are held out, so every test rating is cold.
ti, si = split d 0.7 by=item seed=1
assert (subset si ti which=cold).count == si.count
assert (ti.itemCount + si.itemCount) == d.itemCount
# cold=: a share of the items first goes to test whole.
tc, sc = split d 0.8 cold=0.2 seed=1
assert (subset sc tc which=cold).count > 0
assert (tc.count + sc.count) == d.count
# by=time: the earliest ratings train.
t = load "Tests/MKLangTests/Cases/data/timed.csv"
early, late = split t 0.75 by=time
print early.count
print late.count
# Output:
# expect: 480
# expect: 120
# expect: 30
# expect: 10
