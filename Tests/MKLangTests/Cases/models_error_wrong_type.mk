d = generate users=10 items=10 ratings=50
m = fit als 3
# error: 2:13: fit expects ratings or a string for DATA, got a number
