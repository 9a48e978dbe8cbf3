d = generate users=10 items=10 ratings=50
a = fit mean d
b = fit baseline d
t = compare [a, b] d
print t.al
# error: 5:9: table has no member 'al' (did you mean 'all'?)
