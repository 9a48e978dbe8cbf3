# Statements: assignment, several results, words in fixed-choice slots, member access,
# ( ) nesting a command, [ ] lists, and lines continued by an open bracket or a backslash.
d = generate users=30 items=20 ratings=300 seed=3   # verb, key=value options
train, test = split d 0.8 seed=42                   # several results
print train.count
print test.count
# A word in a slot that takes a fixed choice is that choice, not a variable.
mean = fit mean train
print mean.kind
# An expression inside a command's arguments needs parentheses.
a, b = split d (1 - 0.5) seed=1
print a.count
# ( ) nests a command as a value.
print (rmse mean test) < 1.3
ok = [mean, \
      mean]
print ok.count
xs = [1,
      2,
      3]
print xs.count
print (xs.last
       + 1)
print d.items.count
# A bare value displays itself.
42
"text"
# Output:
# expect: 240
# expect: 60
# expect: mean
# expect: 150
# expect: true
# expect: 2
# expect: 3
# expect: 4
# expect: 20
# expect: 42
# expect: text
