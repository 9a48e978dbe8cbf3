# a factorization machine says which named groups of columns it read
r = load "Samples/anime/ratings.csv"
w = items "Samples/anime/works.csv"
f = fit fm r rank=2 iters=1 side=w
f.groups
# expect: fm design groups
# expect: group  columns
# expect: -----  -------
# expect: user   1000
# expect: item   800
# expect: tags   20
