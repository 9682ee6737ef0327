"""Hindi: Django's formats, with numbers grouped the Indian way (1,00,000) and 24-hour times.

Only what differs from Django's Hindi module is set here; the rest is read from it. Django's
module has no date-time or time format, so its English defaults ("Dec. 1, 2026, 2:05 p.m.")
showed through on Hindi pages.
"""

TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
NUMBER_GROUPING = (3, 2, 0)  # 3 digits, then 2 by 2: lakh and crore
