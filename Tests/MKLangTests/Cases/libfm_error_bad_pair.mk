d = load "Tests/MKLangTests/Cases/data/bad.libfm" format=libfm
# error: Tests/MKLangTests/Cases/data/bad.libfm:1:7: '1:x' on line 1 is not col:value
