d = load "Tests/MKLangTests/Cases/data/small.libfm" format=libfm
m = fit fm d iters=2
recommend m "u1"
# error: 3:11: this fm model was fitted on a libFM design ('small.libfm'), which has no users and items; recommend needs them
