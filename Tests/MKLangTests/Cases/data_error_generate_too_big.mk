big = generate users=10000000 items=10000000 rank=1000 ratings=1000
# error: 1:7: generate would need about 80 GB of memory (limit 16 GB)
