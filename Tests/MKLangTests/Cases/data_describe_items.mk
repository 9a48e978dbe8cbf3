# describe ITEMS: items, tags, tags per item (untagged items count 0), the most common tags.
w = items "Tests/MKLangTests/Cases/data/tagged_items.csv"
describe w
# The same numbers as members (a table of statistic and value).
print (describe w).value.items_with_comedy
print (describe w).value.tags_per_item_median
# Output:
# expect: tagged_items.csv: 4 items, 3 tags, 3 items tagged
# expect: tags per item: min 0, median 1.5, mean 1.5, max 3
# expect: most common tags:
# expect:   drama   ############################## 3
# expect:   comedy  #################### 2
# expect:   action  ########## 1
# expect: 2
# expect: 1.5000
