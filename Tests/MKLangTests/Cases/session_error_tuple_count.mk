d = generate users=10 items=10 ratings=50
a, b, c = split d
# error: 2:1: split returns 2 values, but 3 names are given
