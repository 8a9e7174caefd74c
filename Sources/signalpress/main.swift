print("signalpress")
