# a penalty per group of the design: lambda_groups, and the older lambda_item as its alias
r = generate users=30 items=20 ratings=400 tags=4 seed=2
a = fit fm r rank=2 iters=2 lambda_groups=[item=0.5, tags=0.01] side=r.items
b = fit fm r rank=2 iters=2 lambda_item=0.5 lambda_tags=0.01 side=r.items
c = fit fm r rank=2 iters=2 side=r.items
print (rmse a r) == (rmse b r)
print (rmse a r) != (rmse c r)
print a.lambda_groups
# expect: true
# expect: true
# expect: [item=0.5000, tags=0.0100]
