d = load "Tests/MKLangTests/Cases/data/small.libfm" format=libfm
train, test = split d by=user
# error: 2:23: 'small.libfm' is a libFM design, which has no users and items; split by=user needs them
