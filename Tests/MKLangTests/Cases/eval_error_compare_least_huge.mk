# least=N beyond any data set is an error, not a trap converting 1e300 to Int.
d = generate users=10 items=10 ratings=50
m = fit mean d
compare [m] d subsets=[least=1e300]
# error: 4:15: unknown subset least=1e+300
