d = load "Tests/MKLangTests/Cases/data/countries.csv"
people = users "Tests/MKLangTests/Cases/data/people.csv"
m = fit lasso d side=people
# error: 3:22: fit expects items for side, got users
