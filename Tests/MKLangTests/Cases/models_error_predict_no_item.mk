d = generate users=10 items=10 ratings=50
m = fit mean d
predict m "u1"
# error: 3:11: predict needs ITEM after the user (or test ratings instead of the user)
