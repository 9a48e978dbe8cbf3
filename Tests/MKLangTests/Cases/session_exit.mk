# exit (or quit) ends a notebook run cleanly: nothing after it runs, and it is no error.
print 1
exit
print 2
# expect: 1
