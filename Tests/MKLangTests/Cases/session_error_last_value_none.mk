x = 1
y = _ + 1
# error: 2:5: '_' is the last displayed value, and nothing has been displayed yet
