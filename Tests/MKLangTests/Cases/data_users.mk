# users reads user side information; the FM kinds take it in side=, alone or beside an item table.
d = load "Tests/MKLangTests/Cases/data/countries.csv" fields=[country]
people = users "Tests/MKLangTests/Cases/data/people.csv"
print people.count
print people.attributes
print people.columns
m = fit fm d rank=2 iters=2 side=[people]
m.groups
b = fit bayesfm d rank=2 iters=12 burnin=2 side=people
print b.groups.rows
# Output:
# expect: 3
# expect: ["age", "plan"]
# expect: ["age", "plan=pro", "plan=free"]
# expect: fm design groups
# expect: group       columns
# expect: ----------  -------
# expect: user        3
# expect: item        2
# expect: attributes  3
# expect: country     2
# expect: 4
