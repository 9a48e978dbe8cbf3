w = items "Samples"
# error: 1:5: '/work/wt-qa/Samples' is a folder, not a file
