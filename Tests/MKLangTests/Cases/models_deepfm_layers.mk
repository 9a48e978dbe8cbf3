b = generate users=30 items=20 ratings=400 binary=true seed=1
train, test = split b 0.8 seed=1
d = fit deepfm train rank=3 iters=2 layers=[8,4]
# Two epochs on 320 noisy 0/1 ratings learn little: near a coin, but a broken output layer
# (saturated or NaN) misses both bounds.
print (auc d test) > 0.4
print (nll d test) < 0.70
# Output:
# expect: true
# expect: true
