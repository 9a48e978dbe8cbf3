# _ is the last displayed value; assignments and print do not change it.
1 + 2
_ * 10
x = 7
print _
_
# expect: 3
# expect: 30
# expect: 30
# expect: 30
