# Values: numbers, strings with escapes, booleans, lists, arithmetic and comparison.
print 20
print 0.1
print 1e-3
print -2
print "say \"hi\" \\ bye"
print true
print false
print [1, "a", b=2]
print ["Toy Story (1995)"=5, least=1000]
x = 1 + 2 * 3
print x
print (1 + 2) * 3
print 7 / 2 - 1
print 3 - -2
print 2 < 3
print 2 >= 3
print "a" == "a"
print true != false
print 0.91234 digits=2
print 2 / 3 digits=6
# Output:
# expect: 20
# expect: 0.1000
# expect: 0.0010
# expect: -2
# expect: say "hi" \ bye
# expect: true
# expect: false
# expect: [1, "a", b=2]
# expect: ["Toy Story (1995)"=5, least=1000]
# expect: 7
# expect: 9
# expect: 2.5000
# expect: 5
# expect: true
# expect: false
# expect: true
# expect: true
# expect: 0.91
# expect: 0.666667
