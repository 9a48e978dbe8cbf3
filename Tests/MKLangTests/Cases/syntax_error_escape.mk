x = "a\qb"
# error: 1:5: unknown escape '\q' in string (write '\\' for a backslash)
