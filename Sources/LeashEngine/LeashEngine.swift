// LeashEngine
