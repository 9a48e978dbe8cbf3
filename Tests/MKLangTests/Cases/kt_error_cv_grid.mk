g = generate users=20 items=10 ratings=200 binary=true seed=3
t = cv fm g folds=3 rank=[1, 0]
# error: 2:30: rank=0 is out of range 1...1000
