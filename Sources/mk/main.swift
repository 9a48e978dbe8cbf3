print("mk: under construction")
