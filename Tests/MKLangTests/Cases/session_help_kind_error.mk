help fit alss
# error: 1:10: unknown model kind 'alss' (did you mean 'als'?)
