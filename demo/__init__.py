"""Synthetic demo data shaped like the October exodus from KK Park. No real person is in it."""
