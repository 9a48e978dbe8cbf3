d = generate users=10 items=10 ratings=50
none = subset d d which=cold
print (top none).rows
print (pearls d min=5 max=1).rows
# Output:
# expect: 0
# expect: 0
