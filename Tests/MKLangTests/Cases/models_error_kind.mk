d = generate users=10 items=10 ratings=50
train = d
als = fit alss train
# error: 3:11: unknown model kind 'alss' (did you mean 'als'?)
