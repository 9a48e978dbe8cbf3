r = load "Tests/MKLangTests/Cases/data/bad_rating.csv"
# error: Tests/MKLangTests/Cases/data/bad_rating.csv:3: rating 'oops' on line 3 is not a number nor a Mangaki word
