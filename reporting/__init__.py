"""Dashboards, exports and anonymised releases: aggregates and files over the case work."""
