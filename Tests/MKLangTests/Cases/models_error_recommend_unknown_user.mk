d = generate users=10 items=10 ratings=50
m = fit mean d
recommend m "nobody"
# error: 3:13: unknown user 'nobody': the model has no ratings by them
