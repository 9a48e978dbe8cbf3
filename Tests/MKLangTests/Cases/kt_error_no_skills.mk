d = load "Tests/MKLangTests/Cases/data/kt_attempts.csv"
e = encode d as=pfa
# error: 2:5: encode as=pfa needs the skills of each attempt, and 'kt_attempts.csv' has no skill column
