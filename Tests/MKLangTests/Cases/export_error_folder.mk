d = generate users=10 items=10 ratings=50
export d "$TMP/no/such/folder/d.csv"
# error: 2:10: cannot write '$TMP/no/such/folder/d.csv': folder '$TMP/no/such/folder' does not exist
