print 1
quit
print 2
# expect: 1
