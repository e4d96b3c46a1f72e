// LeashStore
