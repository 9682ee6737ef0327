"""Filipino date, time and number formats: Django has no Filipino locale at all.

Filipino writes the month first ("Disyembre 1, 2026"); a short date keeps the month's name
("1 Dis 2026") rather than 12/01/2026, which readers from elsewhere take as 12 January, as in
English (config/formats/en). Times on 24 hours, as on every other screen.
"""

DATE_FORMAT = "F j, Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "F j, Y H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "F j"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y H:i"
FIRST_DAY_OF_WEEK = 0  # Sunday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
