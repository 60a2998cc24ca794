"""The demo: the whole monitored stack on loopback, under one state folder, for `make demo` and `make drill`."""
