d = generate users=50 items=40 ratings=800 seed=4
train, test = split d 0.8 cold=0.2 seed=3
m0 = fit mean train
b = fit baseline train
t = compare [m0, b] test subsets=[all, least=50, cold]
print t.rows
print t.columns
print (compare [mean=m0] test metric=mae).columns
# Output:
# expect: 2
# expect: ["model", "all (267)", "least 50 (53)", "cold (134)"]
# expect: ["model", "all (267)"]
