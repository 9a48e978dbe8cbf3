r = load "Tests/MKLangTests/Cases/data/watchlist.csv"
m = fit baseline r
recommend m "ann" among=willsee
# error: 3:19: among= and from= go together: among= needs from=
