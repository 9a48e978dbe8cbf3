# Windows line ends read like Unix ones.
x = 1 + 1
print x
assert x > 2
# Output:
# expect: 2
# error: 4:8: assertion failed: 2 > 2
