d = generate users=10 items=10 ratings=50
m = fit mean d
similar m "i1"
# error: 3:1: a mean model has no item embeddings to compare
