d = generate users=10 items=10 ratings=50
m = fit mean d
export m "$TMP/m.csv"
# error: 3:8: export writes tables, embeddings and ratings, not a model
