d = load "Tests/MKLangTests/Cases/data/small.libfm" format=libfm
m = fit fm d iters=2
compare [m] d subsets=[all, least=2]
# error: 3:15: 'small.libfm' is a libFM design, which has no users and items; compare subsets=[least, cold] (items rated least, items unseen) needs them
