d = generate users=10 items=10 ratings=50
m = fit mean d
print m.items
# error: 3:9: a mean model has no item embeddings
