"""The surge load test (`make surge`, tests/benchmarks/surge.py): its parts.

- options.py: the command line.
- staff.py: the load-test accounts, and the cases caseworkers will send to an embassy.
- arrivals.py: synthetic arrivals with unique, recognisably invented family names.
- servers.py: gunicorn, the Celery worker and beat, as subprocesses; their memory.
- users.py: the locust users (caseworkers and liaisons) and the plan they share.
- phases.py: warm-up, unloaded baseline and the surge itself, with every response time kept.
- checks.py: afterwards, in the database: the cases, the notifications, the emails.
- report.py: the table printed and the JSON written.

Nothing here is collected by pytest: no file is named test_*.py.
"""
