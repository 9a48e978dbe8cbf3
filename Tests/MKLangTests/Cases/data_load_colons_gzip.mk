# load reads separators of several characters (MovieLens 1M/10M's `::`, sniffed or given) and gzip files as they are.
m = load "Tests/MKLangTests/Cases/data/colons.dat"
head m n=2
given = load "Tests/MKLangTests/Cases/data/colons.dat" sep="::"
given
z = load "Tests/MKLangTests/Cases/data/countries.csv.gz" fields=[country]
head z n=2
# Output:
# expect: first 2 of 5 rows of colons.dat
# expect: user  item  rating  time
# expect: ----  ----  ------  --------------------
# expect: a     x          4  2000-12-31T22:12:40Z
# expect: a     y          2  2000-12-31T22:35:09Z
# expect: ratings colons.dat: 5 ratings, 3 users, 3 items
# expect: mean 3, range 1…5
# expect: first 2 of 6 rows of countries.csv.gz
# expect: user  item  rating  country
# expect: ----  ----  ------  -------
# expect: a     x          4  FR
# expect: a     y          2  JP
