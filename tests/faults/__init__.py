"""A loopback HTTP server whose pages misbehave on purpose (see tests/faults/server.py)."""
