"""Launchers for the real services tests, benchmarks and the demo run on loopback.

Each launcher starts one program from Debian's packages on free 127.0.0.1
ports under a folder it is given, waits until it answers, and stops it again;
nothing here ever binds another address.
"""
