# Binary outcomes (a `correct` column) keep every attempt; ratings keep the last of a pair;
# duplicates= chooses.
kt = load "Tests/MKLangTests/Cases/data/attempts.csv"
print kt.count
print kt.binary
first = load "Tests/MKLangTests/Cases/data/attempts.csv" duplicates=first
print first.count
print first.max
r = load "Tests/MKLangTests/Cases/data/repeated_ratings.csv"
print r.count
print r.max
m = load "Tests/MKLangTests/Cases/data/repeated_ratings.csv" duplicates=mean
print m.max
all = load "Tests/MKLangTests/Cases/data/repeated_ratings.csv" duplicates=all
print all.count
# Output:
# expect: 6
# expect: true
# expect: note: read 3 ratings from 'Tests/MKLangTests/Cases/data/attempts.csv' (comma separated, header; user=user item=item rating=correct; 0/1 outcomes)
# expect: 3 duplicate (user, item) pairs: kept the first rating of each
# expect: 3
# expect: 1
# expect: note: read 2 ratings from 'Tests/MKLangTests/Cases/data/repeated_ratings.csv' (comma separated, header; user=user item=item rating=rating; numbers)
# expect: 1 duplicate (user, item) pairs: kept the last rating of each
# expect: 2
# expect: 4
# expect: note: read 2 ratings from 'Tests/MKLangTests/Cases/data/repeated_ratings.csv' (comma separated, header; user=user item=item rating=rating; numbers)
# expect: 1 duplicate (user, item) pairs: kept the mean rating of each
# expect: 2.5000
# expect: 3
