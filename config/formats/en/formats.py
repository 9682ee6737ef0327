"""English date, time and number formats: one for every screen, chart label, email and export.

Django's own English formats write "Dec. 1, 2026" on one screen and "12/01/2026 12:47 p.m."
on another; these replace them for English (FORMAT_MODULE_PATH in settings), so a date reads
"1 Dec 2026" everywhere and a time "14:05", whatever month or day comes first where the reader
is from. Other languages keep Django's formats for their locale until they get a module here.
Templates name a format ({{ day|date:"DATE_FORMAT" }}), never spell one out. Machine files
(CSV, XLSX, JSON data columns) keep ISO 8601 (reporting/exports/writers.py).
"""

DATE_FORMAT = "j M Y"  # 1 Dec 2026
TIME_FORMAT = "H:i"  # 14:05
DATETIME_FORMAT = "j M Y H:i"  # 1 Dec 2026 14:05
YEAR_MONTH_FORMAT = "M Y"  # Dec 2026
MONTH_DAY_FORMAT = "j M"  # 1 Dec
SHORT_DATE_FORMAT = "j M Y"  # no "12/01/2026": read as 12 January or 1 December depending on the reader
SHORT_DATETIME_FORMAT = "j M Y H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
