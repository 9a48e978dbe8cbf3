x = 1 / 0
# error: 1:9: division by zero
