w = items "Samples"
# error: 1:11: 'Samples' is a folder, not a file
