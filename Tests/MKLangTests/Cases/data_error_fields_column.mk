d = load "Tests/MKLangTests/Cases/data/countries.csv" fields=[city]
# error: Tests/MKLangTests/Cases/data/countries.csv:1: no column 'city' for fields= in the header (columns: 'user', 'item', 'rating', 'country')
