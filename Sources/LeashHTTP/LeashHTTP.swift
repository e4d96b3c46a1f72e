// LeashHTTP
