m = open "$TMP/none.mkm"
# error: 1:5: cannot read '$TMP/none.mkm'
