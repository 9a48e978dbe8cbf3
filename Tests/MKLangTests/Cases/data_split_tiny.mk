# Splitting one rating, or none, is not a crash.
one = generate users=1 items=1 ratings=1
a, b = split one 0.5
print (a.count + b.count)
a, b = split one 0.5 by=user
print a.count
a, b = split one 0.5 by=item cold=0.5
print (a.count + b.count)
none = subset one one which=cold
a, b = split none 0.5
print a.count
print b.count
# Output:
# expect: 1
# expect: 1
# expect: 1
# expect: 0
# expect: 0
