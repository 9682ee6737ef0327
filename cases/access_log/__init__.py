"""The access log: writing it (services), the refusals (middleware), and its screen (views)."""
