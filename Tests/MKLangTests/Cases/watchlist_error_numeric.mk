r = load "Tests/MKLangTests/Cases/data/watchlist.csv"
m = fit baseline r
recommend m "ann" among=favorite from=(load "Tests/MKLangTests/Cases/data/features.csv")
# error: 3:34: 'features.csv' has numeric ratings, not Mangaki's words, so no rating is 'favorite'
