q = items "Tests/MKLangTests/Cases/data/qmatrix_bad.csv"
# error: Tests/MKLangTests/Cases/data/qmatrix_bad.csv:3: 'skill2' is 'yes' on line 3, not a number
