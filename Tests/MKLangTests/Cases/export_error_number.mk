d = generate users=10 items=10 ratings=50
m = fit mean d
export (rmse m d) "$TMP/x.csv"
# error: 3:8: export writes tables, embeddings and ratings, not a number
