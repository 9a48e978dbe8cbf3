d = generate users=10 items=10 ratings=50
m = fit mean d
predict m d "i1"
# error: 3:13: predict M TEST takes no ITEM: it predicts every rating of TEST
