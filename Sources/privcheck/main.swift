print("privcheck")
