m = open "$TMP/none.mkm"
# error: 1:10: cannot read '$TMP/none.mkm'
