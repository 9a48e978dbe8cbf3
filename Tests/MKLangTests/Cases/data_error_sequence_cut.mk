s = load "Tests/MKLangTests/Cases/data/seq_cut.csv" format=sequences
# error: Tests/MKLangTests/Cases/data/seq_cut.csv:5: block 2 (line 4) is cut short: the file ends after 2 of its 3 lines
