d = generate users=10 items=10 ratings=50
m = fit mean d
compare [m, d] d
# error: 3:9: compare expects models in MODELS, element 2 is ratings
