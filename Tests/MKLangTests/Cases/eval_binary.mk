b = generate users=30 items=20 ratings=300 binary=true seed=1
train, test = split b 0.8 seed=1
m = fit baseline train
print (auc m test) > 0.5
print (acc m test) > 0.5
print (nll m test) < 0.6931   # below log 2, a coin's loss
print (eval m test).rows
# Output:
# expect: true
# expect: true
# expect: true
# expect: 5
