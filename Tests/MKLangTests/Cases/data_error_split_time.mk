d = generate users=10 items=10 ratings=50
a, b = split d 0.8 by=time
# error: 2:8: split by=time needs a time column, and 'generated' has none
