r = load "Samples/anime/ratingz.csv"
# error: 1:5: cannot find '/work/wt-qa/Samples/anime/ratingz.csv'
