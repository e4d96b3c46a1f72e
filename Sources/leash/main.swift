print("leash")
