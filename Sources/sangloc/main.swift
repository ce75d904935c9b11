import SangLoc
print("sangloc")
