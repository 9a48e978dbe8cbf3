# head DATA [n=10]: the first rows in file order, ids as written, then the columns the data carries.
c = load "Tests/MKLangTests/Cases/data/countries.csv" fields=[country]
head c n=3
f = load "Tests/MKLangTests/Cases/data/features.csv" features=[hour, age]
head f n=2
t = load "Tests/MKLangTests/Cases/data/timed.csv"
head t
head t n=0
# Output:
# expect: first 3 of 6 rows of countries.csv
# expect: user  item  rating  country
# expect: ----  ----  ------  -------
# expect: a     x          4  FR
# expect: a     y          2  JP
# expect: b     x          5  FR
# expect: first 2 of 40 rows of features.csv
# expect: user  item  rating  hour  age
# expect: ----  ----  ------  ----  ---
# expect: u7    i4         2     1   34
# expect: u8    i3         4    18   31
# expect: first 10 of 40 rows of timed.csv
# expect: user  item  rating  time
# expect: ----  ----  ------  --------------------
# expect: p6    w3         1  2020-09-14T14:26:40Z
# expect: p2    w2         5  2020-09-15T14:26:40Z
# expect: p1    w4         1  2020-09-15T17:26:40Z
# expect: p7    w7         2  2020-09-15T22:26:40Z
# expect: p2    w7         5  2020-09-16T02:26:40Z
# expect: p2    w4         5  2020-09-17T19:26:40Z
# expect: p1    w7         2  2020-09-17T23:26:40Z
# expect: p1    w3         4  2020-09-18T18:26:40Z
# expect: p3    w2         3  2020-09-20T07:26:40Z
# expect: p4    w6         5  2020-09-20T14:26:40Z
# expect: first 0 of 40 rows of timed.csv
# expect: user  item  rating  time
# expect: ----  ----  ------  ----
