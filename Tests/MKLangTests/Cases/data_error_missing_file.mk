r = load "Samples/anime/ratingz.csv"
# error: 1:10: cannot find 'Samples/anime/ratingz.csv'
