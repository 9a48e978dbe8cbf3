d = generate users=10 items=10 ratings=50
export d "$TMP/d.cvs"
# error: 2:10: export cannot write '.cvs' files (did you mean 'csv'?)
