d = generate users=10 items=10 ratings=50
compare [] d
# error: 2:9: compare needs at least one model
