r = load "Samples/anime"
# error: 1:5: '/work/wt-qa/Samples/anime' is a folder, not a file
