# load sniffs the separator, header and columns; items reads titles and tags.
ratings = load "Samples/anime/ratings.csv"
print ratings.count
print ratings.users
print ratings.itemCount
print ratings.min
print ratings.max
works = items "Samples/anime/works.csv"
print works.count
print works.tags.count
# Columns by header name (a bare word is the name) or by number from 1.
t = load "Tests/MKLangTests/Cases/data/timed.csv" user=who item=2 rating="stars" time=when
print t.count
print t.binary
# Output:
# expect: 76000
# expect: 1000
# expect: 773
# expect: -2
# expect: 4
# expect: 800
# expect: 20
# expect: 40
# expect: false
