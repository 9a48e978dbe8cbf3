# An unclosed bracket at the end of a notebook is an error at the end, and nothing runs.
# error: 6:1: expected ']' to close '[' at 5:6, got end of input
print 1
# (no output: a syntax error stops the notebook before it starts)
xs = [1, 2,
