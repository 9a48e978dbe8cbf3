r = generate users=30 items=20 ratings=400 seed=2
# lambda_groups names the design's groups; without side= there is no tags group
m = fit fm r lambda_groups=[item=0.5, tags=0.01]
# error: 3:5: lambda_groups names 'tags', which is not a group of this design
