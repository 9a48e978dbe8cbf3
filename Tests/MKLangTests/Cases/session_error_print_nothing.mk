print
# error: 1:1: print needs X (a value)
