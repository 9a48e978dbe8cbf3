b = generate users=30 items=20 ratings=400 binary=true seed=1
train, test = split b 0.8 seed=1
d = fit deepfm train rank=3 iters=2 layers=[8,4]
print (auc d test) > 0
print (nll d test) > 0
# Output:
# expect: true
# expect: true
