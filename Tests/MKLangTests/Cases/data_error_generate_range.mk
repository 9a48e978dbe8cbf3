d = generate users=3 items=3 ratings=10
# error: 1:5: ratings=10 is more than the 9 (user, item) pairs of users=3 items=3
