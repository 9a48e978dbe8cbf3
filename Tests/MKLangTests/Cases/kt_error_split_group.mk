g = generate users=20 items=10 ratings=200 binary=true seed=3
a, b = split g by=user group=user
# error: 2:8: split group=user chooses whole users at random; it does not combine with by=user
