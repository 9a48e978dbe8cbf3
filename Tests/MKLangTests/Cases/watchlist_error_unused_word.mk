r = load "Tests/MKLangTests/Cases/data/watchlist_short.csv"
m = fit baseline r
recommend m "ann" among=wontsee from=r
# error: 3:19: 'watchlist_short.csv' has no rating 'wontsee'
