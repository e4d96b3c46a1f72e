// LeashCore
