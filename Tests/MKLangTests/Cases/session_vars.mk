vars
x = 1
s = "two"
xs = [1, 2]
vars
# Output:
# expect: no variables
# expect: name  type    value
# expect: ----  ------  ------
# expect: x     number  1
# expect: s     string  "two"
# expect: xs    list    [1, 2]
