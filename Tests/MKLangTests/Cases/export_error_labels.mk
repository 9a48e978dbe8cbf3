d = generate users=10 items=10 ratings=50 tags=3
m = fit als d rank=2 iters=1
export m.users labels=d.items "$TMP/u.csv"
# error: 3:16: labels= adds titles after an item column, and this table has none
