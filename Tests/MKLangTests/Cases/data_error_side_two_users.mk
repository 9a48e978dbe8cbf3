d = load "Tests/MKLangTests/Cases/data/countries.csv"
people = users "Tests/MKLangTests/Cases/data/people.csv"
m = fit fm d side=[people, people]
# error: 3:14: side= holds two user tables
