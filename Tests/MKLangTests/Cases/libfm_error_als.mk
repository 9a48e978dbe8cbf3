d = load "Tests/MKLangTests/Cases/data/small.libfm" format=libfm
m = fit als d
# error: 2:5: 'small.libfm' is a libFM design, which has no users and items; fit als needs them
