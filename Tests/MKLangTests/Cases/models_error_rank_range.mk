d = generate users=10 items=10 ratings=50
# Options are checked before anything is allocated.
m = fit als d rank=1e9
# error: 3:20: rank=1e9 is out of range 1...1000
