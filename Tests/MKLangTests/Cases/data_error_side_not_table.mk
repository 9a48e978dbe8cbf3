d = load "Tests/MKLangTests/Cases/data/countries.csv"
people = users "Tests/MKLangTests/Cases/data/people.csv"
m = fit fm d side=[people, d]
# error: 3:14: element 2 of side= is ratings; side= takes item tables (`items PATH`) and user tables (`users PATH`)
