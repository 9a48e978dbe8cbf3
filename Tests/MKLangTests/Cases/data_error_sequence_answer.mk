s = load "Tests/MKLangTests/Cases/data/seq_answer.csv" format=sequences
# error: Tests/MKLangTests/Cases/data/seq_answer.csv:6:3: answer '2' (attempt 2) on line 6 is not 0 or 1
