d = generate users=10 items=10 ratings=50
m = fit deepfm d layers=[8,0]
# error: 2:25: layers=[8,0] has 0, out of range 1...4096
