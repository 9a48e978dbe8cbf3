d = generate users=50 items=40 ratings=800 seed=4
train, test = split d 0.8 cold=0.25 seed=3
cold = subset test train which=cold
rare = subset test train which=least n=20
assert cold.count > 0
assert rare.count >= 20
print (subset test train which=least n=1).itemCount
# Output:
# expect: 1
