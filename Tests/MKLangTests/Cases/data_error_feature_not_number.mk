r = load "Tests/MKLangTests/Cases/data/features.csv" features=[hour, city]
# error: Tests/MKLangTests/Cases/data/features.csv:2: feature 'city' is 'lyon' on line 2, not a number
