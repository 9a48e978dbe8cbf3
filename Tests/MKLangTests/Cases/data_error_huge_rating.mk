# A rating that does not fit a 32-bit float is a load error (it was inf, and describe trapped).
r = load "Tests/MKLangTests/Cases/data/huge_rating.csv"
# error: Tests/MKLangTests/Cases/data/huge_rating.csv:3: rating '1e39' on line 3 is too large: ratings are stored as 32-bit floats
