"""Arrivals: registering the people of a batch as they arrive (surge registration, /register/)."""
