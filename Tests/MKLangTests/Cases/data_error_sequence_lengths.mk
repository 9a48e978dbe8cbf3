s = load "Tests/MKLangTests/Cases/data/seq_lengths.csv" format=sequences
# error: Tests/MKLangTests/Cases/data/seq_lengths.csv:3: line 3 has 3 values, but line 4 has 2 answers (block 1, line 1)
