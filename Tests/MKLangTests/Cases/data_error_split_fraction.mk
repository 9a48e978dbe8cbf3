d = generate users=10 items=10 ratings=50
a, b = split d 1.5
# error: 2:16: FRACTION=1.5 is out of range 0...1
