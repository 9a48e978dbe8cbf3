d = generate users=10 items=10 ratings=50
m = fit mean d
compare [m] d subsets=[]
# error: 3:15: subsets=[] has no columns
