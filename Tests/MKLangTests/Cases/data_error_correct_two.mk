kt = load "Tests/MKLangTests/Cases/data/correct_two.csv"
# error: Tests/MKLangTests/Cases/data/correct_two.csv:3: 'correct' must be 0 or 1, found '2' on line 3
