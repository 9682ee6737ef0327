"""Burmese date, time and number formats: Django ships none, and its defaults are American English.

Without this module a Burmese page wrote times with "a.m."/"p.m." and dates month first. Month
names come from our catalogue (config/i18n/django_strings.py lists them), as Django's Burmese
catalogue lacks them. Anything not set here falls back to Django's defaults.
"""

DATE_FORMAT = "j F Y"  # 1 ဒီဇင်ဘာ 2026
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j F Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
SHORT_DATE_FORMAT = "d-m-Y"  # day first, as in Myanmar
SHORT_DATETIME_FORMAT = "d-m-Y H:i"
FIRST_DAY_OF_WEEK = 0  # Sunday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
