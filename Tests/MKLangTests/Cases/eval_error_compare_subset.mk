d = generate users=10 items=10 ratings=50
m = fit mean d
compare [m] d subsets=[all, least=0]
# error: 3:15: unknown subset least=0
