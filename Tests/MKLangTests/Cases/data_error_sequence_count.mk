s = load "Tests/MKLangTests/Cases/data/seq_count.csv" format=sequences
# error: Tests/MKLangTests/Cases/data/seq_count.csv:1: line 1 counts 3 attempts, but the block lists 2
