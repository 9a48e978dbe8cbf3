r = load "Tests/MKLangTests/Cases/data/watchlist.csv"
m = fit baseline r
recommend m "ann" among=wilsee from=r
# error: 3:25: among=wilsee is not one of favorite, like, neutral, dislike, willsee, wontsee (did you mean 'willsee'?)
