# The watchlist: the user's own items of DATA rated willsee, ranked by the model's score,
# which is what predict gives for each of them.
r = load "Tests/MKLangTests/Cases/data/watchlist.csv"
m = fit baseline r
recommend m "ann" among=willsee from=r
# expect: willsee items of user ann in watchlist.csv, by the model's score
# expect: #  item          score
# expect: -  -----------  ------
# expect: 1  paprika      1.6531
# expect: 2  lain         1.6531
# expect: 3  perfectblue  0.3364
predict m "ann" "perfectblue"
# expect: 0.3364
recommend m "ann" among=willsee from=r n=2
# expect: willsee items of user ann in watchlist.csv, by the model's score
# expect: #  item      score
# expect: -  -------  ------
# expect: 1  paprika  1.6531
# expect: 2  lain     1.6531
recommend m "bob" among=willsee from=r
# expect: willsee items of user bob in watchlist.csv, by the model's score (user bob rated nothing willsee there)
# expect: #  item  score
# expect: -  ----  -----
