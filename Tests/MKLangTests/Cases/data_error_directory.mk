r = load "Samples/anime"
# error: 1:10: 'Samples/anime' is a folder, not a file
