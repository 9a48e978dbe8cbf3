kt = load "Tests/MKLangTests/Cases/data/attempts.csv" duplicates=mean
# error: 1:11: duplicates=mean cannot apply to 'Tests/MKLangTests/Cases/data/attempts.csv': its ratings are 0/1 outcomes, and a mean of them is not one
