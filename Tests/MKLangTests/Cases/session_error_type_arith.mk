d = generate users=10 items=10 ratings=50
y = d + 1
# error: 2:7: '+' needs numbers on both sides, got ratings and a number
