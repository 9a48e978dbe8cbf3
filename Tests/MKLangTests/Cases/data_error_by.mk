d = generate users=10 items=10 ratings=50
a, b = split d by=iten
# error: 2:19: by=iten is not one of random, user, item, time (did you mean 'item'?)
