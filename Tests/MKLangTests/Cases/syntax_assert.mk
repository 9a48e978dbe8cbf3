# assert does nothing when the condition holds, and fails showing both sides.
x = 0.5
assert x < 1.0
assert x == 0.5 "x should be a half"
assert (1 + 1) == 2
print "still running"
assert x > 0.75 "x is too small"
print "not reached"
# Output:
# expect: still running
# error: 7:8: assertion failed: 0.5 > 0.75: x is too small
