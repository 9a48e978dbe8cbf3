time
# error: 1:5: time needs a statement to run
