d = generate users=10 items=10 ratings=50
# Without parentheses, '-' inside a command's arguments is an error.
a, b = split d 1 - 0.2
# error: 3:18: unexpected '-' in the arguments of split
