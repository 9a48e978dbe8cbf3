m = open "Samples/anime/works.csv"
# error: 1:10: 'Samples/anime/works.csv' is not a readable mk model file: wrong magic bytes
