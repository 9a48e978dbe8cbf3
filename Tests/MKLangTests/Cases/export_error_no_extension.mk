d = generate users=10 items=10 ratings=50
export d "$TMP/data"
# error: 2:10: export cannot tell the format of '$TMP/data': it has no extension
